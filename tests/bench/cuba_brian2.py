#!/usr/bin/python3
"""Brian2's CUBA benchmark (its examples/CUBA.py, Brette et al. 2007) at N neurons, to set beside
`spikesim bench --network cuba --neurons N --duration-ms T`.

    tests/bench/cuba_brian2.py N DURATION_MS [--target standalone|numpy|both]

The network is the example's with p = 80/N (about 80 inputs per neuron at any N; 0.02 at 4,000),
80 % excitatory, exact integration, dt 0.1 ms, synaptic delay 0 (Brian2 delivers a spike in the
next step, as spikesim's delay of one step does). cpp_standalone runs on one thread (no OpenMP)
and builds in /tmp/spikescope-brian2/cuba_N (kept, so that a second call only recompiles what
changed); its compile time is printed apart from its run time, which is the network's run as
Brian2's generated binary measures it (synapse creation excluded, as spikesim's run_s excludes
building). The numpy target's run time is the wall time of run(), code generation included.

Prints one line per target:
    engine=brian2_standalone neurons=N duration_ms=T compile_s=... run_s=... realtime_factor=...
        rate_hz=...
(compile_s only for standalone), each target in a process of its own. Needs Brian2 (Debian:
python3-brian); exits 2 without it.
"""
import argparse
import os
import subprocess
import sys
import time
import warnings


def build_network(b2, neurons):
    """The objects of examples/CUBA.py at `neurons` neurons; returns (all of them, the monitor)."""
    ms, mV = b2.ms, b2.mV
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    namespace = {"taum": taum, "taue": taue, "taui": taui, "Vt": Vt, "Vr": Vr, "El": El}
    group = b2.NeuronGroup(neurons, eqs, threshold="v>Vt", reset="v = Vr",
                           refractory=5 * ms, method="exact", namespace=namespace)
    group.v = "Vr + rand() * (Vt - Vr)"
    group.ge = 0 * mV
    group.gi = 0 * mV
    excitatory = max(1, neurons * 4 // 5)
    p = min(1.0, 80.0 / neurons)
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    ce = b2.Synapses(group, group, on_pre="ge += we", namespace={"we": we})
    ci = b2.Synapses(group, group, on_pre="gi += wi", namespace={"wi": wi})
    ce.connect(f"i<{excitatory}", p=p)
    ci.connect(f"i>={excitatory}", p=p)
    monitor = b2.SpikeMonitor(group)
    return [group, ce, ci, monitor], monitor


def print_line(engine, neurons, duration_ms, run_s, spikes, compile_s=None):
    simulated_s = duration_ms * 1e-3
    fields = [f"engine={engine}", f"neurons={neurons}", f"duration_ms={duration_ms:g}"]
    if compile_s is not None:
        fields.append(f"compile_s={compile_s:.3f}")
    fields += [f"run_s={run_s:.6g}", f"realtime_factor={simulated_s / run_s:.6g}",
               f"rate_hz={spikes / (neurons * simulated_s):.6g}"]
    print(" ".join(fields), flush=True)


def run_standalone(b2, neurons, duration_ms):
    directory = os.path.join("/tmp", "spikescope-brian2", f"cuba_{neurons}")
    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread
    b2.seed(2007)
    objects, monitor = build_network(b2, neurons)
    b2.Network(*objects).run(duration_ms * b2.ms)
    device = b2.get_device()
    start = time.perf_counter()
    device.build(directory=directory, compile=True, run=False)
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    device.run(directory=directory, with_output=False, run_args=[])
    wall_s = time.perf_counter() - start
    # The network's own run time as the binary reports it; the binary's wall time (which adds
    # synapse creation and writing results) if it reported none.
    run_s = getattr(device, "_last_run_time", None) or wall_s
    print_line("brian2_standalone", neurons, duration_ms, run_s, monitor.num_spikes, compile_s)


def run_numpy(b2, neurons, duration_ms):
    b2.prefs.codegen.target = "numpy"
    b2.seed(2007)
    objects, monitor = build_network(b2, neurons)
    network = b2.Network(*objects)
    start = time.perf_counter()
    network.run(duration_ms * b2.ms)
    run_s = time.perf_counter() - start
    print_line("brian2_numpy", neurons, duration_ms, run_s, monitor.num_spikes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("neurons", type=int)
    parser.add_argument("duration_ms", type=float)
    parser.add_argument("--target", choices=["standalone", "numpy", "both"], default="both")
    args = parser.parse_args()
    if args.neurons < 2 or not args.duration_ms > 0:
        parser.error("N must be at least 2 and DURATION_MS greater than 0")
    # Brian2's import pulls in pythran, which warns about NumPy aliases on Debian 12.
    warnings.simplefilter("ignore", FutureWarning)
    try:
        import brian2 as b2
    except ImportError:
        print("cuba_brian2.py: Brian2 is not installed (Debian: apt-get install python3-brian)",
              file=sys.stderr)
        return 2
    if args.target == "both":
        # One process per target: a process that has used the standalone device cannot go back
        # to running code in Python.
        status = 0
        for target in ("standalone", "numpy"):
            command = [sys.executable, os.path.abspath(__file__), str(args.neurons),
                       f"{args.duration_ms:g}", "--target", target]
            status = max(status, subprocess.call(command))
        return status
    b2.prefs.logging.console_log_level = "WARNING"
    if args.target == "standalone":
        run_standalone(b2, args.neurons, args.duration_ms)
    else:
        run_numpy(b2, args.neurons, args.duration_ms)
    return 0


if __name__ == "__main__":
    sys.exit(main())

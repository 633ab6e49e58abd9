#!/usr/bin/env python3
"""The JSON Schema of version-2 experiment files against the reader (CTest: tst_experiment_schema).

1. The shipped schema is what the core generates (experiment_tool schema), and a valid
   draft 2020-12 schema.
2. Every shipped file (resources/experiments/*.json, resources/presets/*.json) is valid for it and
   read by the reader as version 2 without a warning.
3. On the fuzz corpus the reader and the schema agree:
   a. a file the reader accepts as version 2 without an unknown-key warning is valid for the
      schema;
   b. a file the schema refuses is refused by the reader on structural grounds, or has a key the
      reader warns about as unknown (the schema allows no keys it does not name; the reader warns
      and goes on, so such a file may then be accepted or refused for its meaning).
   Structural refusals are those of ExperimentFileError kinds kText and kStructure
   (experiment_file.h): not JSON the reader takes; a wrong type, a missing required field, a word
   or integer outside its set or range, a list too long, an unknown model, method, parameter or
   state variable, an unknown version. Refusals of kind kMeaning (validate(Experiment): a
   parameter outside its range, a missing population, p outside [0, 1]) and kFile are not
   structural; the schema does not express them, so a file refused for them may be valid for it.
   Outside the schema's scope, and not compared: files that are not JSON for Python's strict
   reading (NaN, Infinity, invalid UTF-8) and version-1 files ("version": 1), which the reader
   migrates.
Needs python3-jsonschema (Debian's 4.10 or later; .ci/setup installs it).
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_experiment_schema.py needs python3-jsonschema (apt-get install "
             "python3-jsonschema; .ci/setup installs it)")


def strict_json(data):
    """The document as the reader parses it, or None when the reader's JSON would refuse it."""
    def refuse(text):
        raise ValueError("not JSON: " + text)

    def number(text):
        value = float(text)
        if math.isinf(value):
            refuse(text)
        return value

    try:
        text = data.decode("utf-8-sig")  # the reader skips a UTF-8 byte-order mark
        return json.loads(text, parse_constant=refuse, parse_float=number)
    except (ValueError, RecursionError):
        return None


def outcomes(tool, files):
    """The reader's verdict on each file, by experiment_tool outcome."""
    result = {}
    chunk = 200
    for start in range(0, len(files), chunk):
        output = subprocess.run([tool, "outcome"] + [str(f) for f in files[start:start + chunk]],
                                check=True, capture_output=True, text=True).stdout
        for line in output.splitlines():
            entry = json.loads(line)
            result[entry["file"]] = entry
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--shipped", nargs="+", required=True)
    parser.add_argument("--corpus", required=True)
    args = parser.parse_args()
    failures = []

    generated = subprocess.run([args.tool, "schema"], check=True, capture_output=True,
                               text=True).stdout
    shipped_schema = pathlib.Path(args.schema).read_text(encoding="utf-8")
    if generated != shipped_schema:
        failures.append(f"{args.schema} is not what the core generates; regenerate it with "
                        f"{args.tool} schema > {args.schema}")
    schema = json.loads(generated)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    def schema_errors(document):
        return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))

    shipped = sorted(f for d in args.shipped for f in pathlib.Path(d).glob("*.json")
                     if not f.name.endswith(".schema.json"))
    verdicts = outcomes(args.tool, shipped)
    for path in shipped:
        verdict = verdicts[str(path)]
        if not verdict["accepted"] or verdict["version"] != 2:
            failures.append(f"{path}: the reader does not take it as version 2: {verdict}")
        errors = schema_errors(json.loads(path.read_bytes()))
        if errors:
            failures.append(f"{path}: not valid for the schema: {errors[0].message} at "
                            f"{list(errors[0].absolute_path)}")

    corpus = sorted(p for p in pathlib.Path(args.corpus).iterdir() if p.is_file())
    verdicts = outcomes(args.tool, corpus)
    counts = {"compared": 0, "accepted": 0, "schema refuses": 0, "not JSON": 0, "version 1": 0}
    for path in corpus:
        verdict = verdicts[str(path)]
        document = strict_json(path.read_bytes())
        if document is None:
            counts["not JSON"] += 1
            if verdict["accepted"]:
                failures.append(f"{path}: the reader accepts what is not strict JSON")
            continue
        if isinstance(document, dict) and document.get("version") == 1:
            counts["version 1"] += 1
            continue
        counts["compared"] += 1
        errors = schema_errors(document)
        accepted = verdict["accepted"]
        if accepted:
            counts["accepted"] += 1
        if errors:
            counts["schema refuses"] += 1
        if accepted and not verdict["unknown_keys"] and errors:
            failures.append(f"{path}: the reader accepts it, the schema refuses it: "
                            f"{errors[0].message} at {list(errors[0].absolute_path)}")
        structural = not accepted and verdict["kind"] in ("text", "structure")
        warned = verdict["unknown_keys"]
        if errors and not (structural or warned):
            failures.append(f"{path}: the schema refuses it ({errors[0].message} at "
                            f"{list(errors[0].absolute_path)}), the reader "
                            f"{'accepts it' if accepted else 'refuses it for its meaning'}: "
                            f"{verdict.get('message', '')}")

    print(f"shipped files: {len(shipped)}; corpus: {len(corpus)} files, " +
          ", ".join(f"{key} {value}" for key, value in counts.items()))
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

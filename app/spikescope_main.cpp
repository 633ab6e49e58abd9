// spikescope: the live visualiser, or one of its offscreen modes (see --help).
#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <cstdio>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "command_line.h"
#include "headless.h"
#include "headless_export.h"
#include "main_window.h"
#include "soak.h"

int main(int argc, char* argv[]) {
#ifdef __GLIBC__
  // Buffers of a megabyte and more (raster rings of up to 16 MB per live network, paint buffers,
  // whole-trial rasters) get their own mappings and go back to the system when freed. By
  // default glibc raises this threshold to the largest such buffer freed, after which they are
  // carved from the heap, whose freed memory stays with the process: with the heap in use
  // unchanged, the Release soak's resident memory in the same state went from 56 to 85 MB
  // (tests/INPUTS.md).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  QStringList arguments;
  for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
  spikescope::AppOptions options;
  try {
    options = spikescope::parse_command_line(arguments);
  } catch (const spikescope::CommandLineError& error) {
    std::fprintf(stderr, "spikescope: %s\n", error.what());
    return 2;
  }
  if (options.mode == spikescope::AppMode::kHelp) {
    std::fputs(qPrintable(options.help_text), stdout);
    return 0;
  }
  if (options.mode == spikescope::AppMode::kVersion) {
    std::printf("spikescope %s\n", SPIKESCOPE_VERSION);
    return 0;
  }
  for (const QString& warning : options.warnings) {
    std::fprintf(stderr, "spikescope: warning: %s\n", qPrintable(warning));
  }
  if (spikescope::is_headless(options.mode) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName("Spikescope");
  QApplication::setApplicationName("Spikescope");
  QApplication::setApplicationVersion(SPIKESCOPE_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/spikescope.svg"));
  switch (options.mode) {
    case spikescope::AppMode::kScreenshot:
      return spikescope::run_screenshot(options);
    case spikescope::AppMode::kBenchLatency:
      return spikescope::run_bench_latency(options);
    case spikescope::AppMode::kBenchLive:
      return spikescope::run_bench_live(options);
    case spikescope::AppMode::kSoak:
      return spikescope::run_soak(options);
    case spikescope::AppMode::kExport:
      return spikescope::run_export(options);
    default:
      break;
  }
  spikescope::MainWindow window(options.experiment);
  QSettings settings;
  window.restoreSession(&settings, !options.experiment_given);
  window.show();
  if (options.theme) window.setTheme(*options.theme);
  if (options.presentation) window.setPresentationMode(true);
  return QApplication::exec();
}

#include "about.h"

#include <QCoreApplication>
#include <QObject>

namespace spikescope {

QString about_html() {
  return QObject::tr(
             "<p><b>Spikescope %1</b></p>"
             "<p>Watch spiking neural networks work: the SNN_0 notebook, live.</p>"
             "<p>Licence: GNU General Public License, version 3 or later (GPL-3.0-or-later). "
             "Spikescope comes with ABSOLUTELY NO WARRANTY; see the LICENSE file.</p>"
             "<p>Built with:</p><ul>"
             "<li>Qt %2 (LGPL-3.0)</li>"
             "<li>QCustomPlot 2.1 (GPL-3.0), which is why Spikescope is GPL too</li>"
             "<li>nlohmann/json (MIT)</li></ul>")
      .arg(QCoreApplication::applicationVersion(), qVersion());
}

}  // namespace spikescope

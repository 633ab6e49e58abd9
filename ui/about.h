#pragma once
// Help > About: version, licence and the libraries Spikescope is built on.
#include <QString>

namespace spikescope {

QString about_html();

}  // namespace spikescope

# Installs BUILD_DIR into STAGE_DIR (as DESTDIR, prefix /usr) and checks the layout.
file(REMOVE_RECURSE ${STAGE_DIR})
set(ENV{DESTDIR} ${STAGE_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr
                RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${errors}")
endif()

set(root ${STAGE_DIR}/usr)
foreach(expected
    bin/spikescope
    bin/spikesim
    share/applications/spikescope.desktop
    share/icons/hicolor/scalable/apps/spikescope.svg
    share/icons/hicolor/256x256/apps/spikescope.png
    share/spikescope/experiments/seed.json
    share/doc/Spikescope/LICENSE)
  if(NOT EXISTS ${root}/${expected})
    message(FATAL_ERROR "not installed: ${expected}")
  endif()
endforeach()

# Every preset of the source tree, byte for byte.
string(REPLACE "," ";" presets "${PRESETS}")
list(LENGTH presets preset_count)
if(preset_count LESS 9)
  message(FATAL_ERROR "expected 9 presets in ${PRESET_DIR}, found ${preset_count}")
endif()
foreach(preset ${presets})
  file(READ ${PRESET_DIR}/${preset} source_text)
  if(NOT EXISTS ${root}/share/spikescope/presets/${preset})
    message(FATAL_ERROR "preset not installed: ${preset}")
  endif()
  file(READ ${root}/share/spikescope/presets/${preset} installed_text)
  if(NOT source_text STREQUAL installed_text)
    message(FATAL_ERROR "installed preset differs: ${preset}")
  endif()
endforeach()

# The desktop entry names the program and icon that were installed.
file(STRINGS ${root}/share/applications/spikescope.desktop desktop)
foreach(line "Type=Application" "Exec=spikescope" "Icon=spikescope")
  list(FIND desktop "${line}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "spikescope.desktop lacks ${line}")
  endif()
endforeach()

# The installed programs run from another directory: nothing points back into the build tree.
execute_process(COMMAND ${root}/bin/spikescope --export-csv ${STAGE_DIR}/trace.csv
                WORKING_DIRECTORY ${STAGE_DIR} RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0 OR NOT EXISTS ${STAGE_DIR}/trace.csv)
  message(FATAL_ERROR "installed spikescope --export-csv failed (${result}): ${errors}")
endif()
execute_process(COMMAND ${root}/bin/spikesim --version RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "installed spikesim --version failed")
endif()

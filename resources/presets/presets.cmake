# The built-in presets, in menu order (preset k has shortcut k). Compiled into spikescope_ui as
# Qt resources, installed for users, and checked by the install test.
set(SPIKESCOPE_PRESET_FILES
  01-notebook.json
  02-synchronised.json
  03-wide-spread.json
  04-silence.json
  05-long-refractory.json
  06-fast-leak.json
  07-slow-leak.json
  08-euler-coarse-dt.json
  09-exact-coarse-dt.json
  10-cuba.json)
list(TRANSFORM SPIKESCOPE_PRESET_FILES PREPEND ${CMAKE_CURRENT_LIST_DIR}/
     OUTPUT_VARIABLE SPIKESCOPE_PRESET_PATHS)

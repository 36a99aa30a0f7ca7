# kexit.1 from kexit's own help text: help2man turns `kexit --help` into the page, and each
# subcommand's `--help` becomes a subsection of COMMANDS, so the page says what the binary
# says. Run by the `kexit_package_files` target (cmake/packaging.cmake):
#   cmake -DKEXIT=... -DHELP2MAN=... -DVERSION=... -DOUTPUT=kexit.1 -P man_page.cmake
foreach(variable KEXIT HELP2MAN VERSION OUTPUT)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "man_page.cmake: -D${variable}= is missing")
  endif()
endforeach()

if(NOT EXISTS "${HELP2MAN}")
  message(FATAL_ERROR "help2man is missing; bash scripts/setup.sh installs it (Debian's help2man)")
endif()

function(help_text out)
  execute_process(COMMAND ${KEXIT} ${ARGN} --help OUTPUT_VARIABLE text
                  COMMAND_ERROR_IS_FATAL ANY)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# roff reads a backslash as an escape and a leading '.' or '\'' as a request: quote both, so a
# help line such as ".status.containerStatuses" prints as written.
function(as_roff_text out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_text(top_help)
# CLI11 lists the subcommands after "Subcommands:" ("SUBCOMMANDS:" in older releases), one per
# line, indented.
string(REGEX MATCH "(Subcommands|SUBCOMMANDS):\n(.*)" listing "${top_help}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "\n${CMAKE_MATCH_2}")
if(NOT names)
  message(FATAL_ERROR "man_page.cmake: no subcommands found in `kexit --help`:\n${top_help}")
endif()
set(include_text "[COMMANDS]\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  help_text(command_help ${name})
  as_roff_text(command_help "${command_help}")
  string(APPEND include_text ".SS ${name}\n.nf\n${command_help}.fi\n")
endforeach()
get_filename_component(directory ${OUTPUT} DIRECTORY)
file(WRITE ${directory}/kexit.h2m "${include_text}")

execute_process(
  COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${VERSION}
          "--name=why did this container exit?" --section=1
          --include=${directory}/kexit.h2m --output=${OUTPUT} ${KEXIT}
  COMMAND_ERROR_IS_FATAL ANY)

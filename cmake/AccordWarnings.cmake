# accord_set_warnings(<target>): the project's warning set, applied per target.
function(accord_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(ACCORD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

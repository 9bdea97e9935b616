# ACCORD_SANITIZE="address;undefined" (asan preset) or "thread" (tsan preset).
if(ACCORD_SANITIZE)
  string(REPLACE ";" "," _accord_san "${ACCORD_SANITIZE}")
  add_compile_options(-fsanitize=${_accord_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_accord_san})
endif()

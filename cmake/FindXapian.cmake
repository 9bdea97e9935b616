# Wraps the variables of Xapian's own xapian-config.cmake in an imported target
# Xapian::xapian, so that consumers link a target instead of raw paths.
find_package(xapian CONFIG QUIET)
if(NOT XAPIAN_LIBRARIES)
  find_library(XAPIAN_LIBRARIES NAMES xapian)
  find_path(XAPIAN_INCLUDE_DIR NAMES xapian.h)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Xapian REQUIRED_VARS XAPIAN_LIBRARIES XAPIAN_INCLUDE_DIR)

if(Xapian_FOUND AND NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian UNKNOWN IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    IMPORTED_LOCATION "${XAPIAN_LIBRARIES}"
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
endif()

// Boost.URL's implementation, compiled once into accord_server (Debian ships it header-only).
#include <boost/url/src.hpp>

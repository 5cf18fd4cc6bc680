// libyaml, the reference C YAML parser (Debian package libyaml-dev).
#include <yaml.h>

# Sourced by the scripts that download or build something: SUMMER_TRIP_CACHE is where that is
# kept, shared by every clone on the machine, and defaults to summer-trip/ under XDG_CACHE_HOME.
: "${SUMMER_TRIP_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/summer-trip}"

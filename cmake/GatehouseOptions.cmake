# One INTERFACE target carries every compile setting; each target links it
# instead of touching global flags.
add_library(gatehouse_options INTERFACE)
target_compile_features(gatehouse_options INTERFACE cxx_std_23)
target_compile_options(gatehouse_options INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(gatehouse_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_FOREACH
  GATEHOUSE_VERSION="${PROJECT_VERSION}")

option(GATEHOUSE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GATEHOUSE_SANITIZE)
  target_compile_options(gatehouse_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(gatehouse_options INTERFACE -fsanitize=address,undefined)
else()
  # Hardening that conflicts with nothing in the sanitizer build.
  target_compile_options(gatehouse_options INTERFACE -fstack-protector-strong)
  target_compile_definitions(gatehouse_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
endif()

# One INTERFACE target carries the project's compiler settings; every target links it.
add_library(greenlight_flags INTERFACE)
target_compile_features(greenlight_flags INTERFACE cxx_std_20)
target_compile_options(greenlight_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual)
target_compile_definitions(greenlight_flags INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS)

// The one source of the targets that only own a precompiled header (kexit_test_pch,
// kubesim_test_pch in cmake/precompiled_headers.cmake): CMake wants a file to compile, and the
// header is built beside it. Nothing is defined here.

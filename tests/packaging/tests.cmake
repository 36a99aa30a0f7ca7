# The Debian package and the krew release, built by their targets (cmake/packaging.cmake) in a
# setup step of their own, so the default build does not pack them; the two checks need it.
set(KEXIT_PACKAGE_DEB ${KEXIT_PACKAGE_DIR}/kexit_${PROJECT_VERSION}_${KEXIT_PACKAGE_ARCH}.deb)
set(KEXIT_PACKAGE_ARCHIVE
    ${KEXIT_PACKAGE_DIR}/krew/kexit-${PROJECT_VERSION}-linux-${KEXIT_PACKAGE_ARCH}.tar.gz)
add_test(NAME packaging.build
         COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target kexit_deb kexit_krew)
set_tests_properties(packaging.build PROPERTIES FIXTURES_SETUP packages TIMEOUT 600)
# lintian, help2man and dpkg-dev's dpkg-shlibdeps come from scripts/setup.sh.
add_test(NAME packaging.deb_package
         COMMAND ${KEXIT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/packaging/deb_package_test.py
                 ${KEXIT_PACKAGE_DEB} ${PROJECT_VERSION})
# The manifest has linux/amd64 only: an arm64 archive would need Debian's aarch64 cross
# compiler and arm64 copies of every -dev library kexit links (README, "Installing").
add_test(NAME packaging.krew_plugin
         COMMAND ${KEXIT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/packaging/krew_plugin_test.py
                 ${KEXIT_PACKAGE_DIR}/krew/plugins/kexit.yaml ${KEXIT_PACKAGE_ARCHIVE}
                 ${PROJECT_VERSION})
set_tests_properties(packaging.deb_package packaging.krew_plugin PROPERTIES
                     FIXTURES_REQUIRED packages TIMEOUT 300)

# Packaging: the Debian package (CPack) and the krew release (archive + plugin manifest).
# Nothing here is part of the default build: `cmake --build build --target kexit_deb kexit_krew`
# makes both in build/package/, and the ctests of tests/packaging/ run that target first.

# The machine's architecture under the names Debian and krew use (both say amd64 and arm64).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(KEXIT_PACKAGE_ARCH amd64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(KEXIT_PACKAGE_ARCH arm64)
else()
  set(KEXIT_PACKAGE_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()
# Where a release publishes its archives; the manifest's uri is
# <this>/v<version>/kexit-<version>-linux-<arch>.tar.gz. Set it when publishing a release.
set(KEXIT_DOWNLOAD_URL "https://example.invalid/kexit/releases" CACHE STRING
    "Base URL of the release archives the krew manifest points at")
set(KEXIT_PACKAGE_DIR ${CMAKE_BINARY_DIR}/package)
# The Debian package's Maintainer and the changelog's signature. A placeholder address until
# the project has one: lintian accepts it, a release should not.
set(KEXIT_PACKAGE_MAINTAINER "kexit maintainers <kexit@example.org>")
set(KEXIT_PACKAGE_FILES ${KEXIT_PACKAGE_DIR}/files)
file(MAKE_DIRECTORY ${KEXIT_PACKAGE_FILES})

# The commit's time dates the man page and the Debian changelog, so a rebuild of the same
# commit gives the same files; outside a git checkout, the epoch.
execute_process(COMMAND git log -1 --format=%ct WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE KEXIT_SOURCE_DATE_EPOCH OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
if(NOT KEXIT_SOURCE_DATE_EPOCH)
  set(KEXIT_SOURCE_DATE_EPOCH 0)
endif()

# Completions, man page, changelog and copyright, generated from the built kexit.
set(KEXIT_COMPLETIONS ${KEXIT_PACKAGE_FILES}/kexit.bash ${KEXIT_PACKAGE_FILES}/_kexit
                      ${KEXIT_PACKAGE_FILES}/kexit.fish)
set(KEXIT_MAN_PAGE ${KEXIT_PACKAGE_FILES}/kexit.1.gz)
set(KEXIT_DEBIAN_CHANGELOG ${KEXIT_PACKAGE_FILES}/changelog.gz)
add_custom_command(
  OUTPUT ${KEXIT_COMPLETIONS}
  COMMAND sh -c "$<TARGET_FILE:kexit> completion bash > kexit.bash"
  COMMAND sh -c "$<TARGET_FILE:kexit> completion zsh > _kexit"
  COMMAND sh -c "$<TARGET_FILE:kexit> completion fish > kexit.fish"
  DEPENDS kexit
  WORKING_DIRECTORY ${KEXIT_PACKAGE_FILES}
  COMMENT "Writing kexit's bash, zsh and fish completions"
  VERBATIM)
find_program(KEXIT_HELP2MAN help2man)
add_custom_command(
  OUTPUT ${KEXIT_MAN_PAGE}
  COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${KEXIT_SOURCE_DATE_EPOCH}
          ${CMAKE_COMMAND} -DKEXIT=$<TARGET_FILE:kexit> -DHELP2MAN=${KEXIT_HELP2MAN}
          -DVERSION=${PROJECT_VERSION} -DOUTPUT=${KEXIT_PACKAGE_FILES}/kexit.1
          -P ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
  # Debian's policy: man pages gzip -9, without the name and time gzip would store.
  COMMAND gzip -9nf ${KEXIT_PACKAGE_FILES}/kexit.1
  DEPENDS kexit ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
  COMMENT "Writing kexit.1 from kexit's help text (help2man)"
  VERBATIM)
add_custom_command(
  OUTPUT ${KEXIT_DEBIAN_CHANGELOG} ${KEXIT_PACKAGE_FILES}/copyright
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT_DIR=${KEXIT_PACKAGE_FILES}
          -DVERSION=${PROJECT_VERSION} -DDATE_EPOCH=${KEXIT_SOURCE_DATE_EPOCH}
          "-DMAINTAINER=${KEXIT_PACKAGE_MAINTAINER}"
          -P ${CMAKE_SOURCE_DIR}/cmake/debian_documents.cmake
  COMMAND gzip -9nf ${KEXIT_PACKAGE_FILES}/changelog
  DEPENDS ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/cmake/debian_documents.cmake
  COMMENT "Writing the Debian package's changelog and copyright"
  VERBATIM)
add_custom_target(kexit_package_files
                  DEPENDS ${KEXIT_COMPLETIONS} ${KEXIT_MAN_PAGE} ${KEXIT_DEBIAN_CHANGELOG})

# OPTIONAL: `cmake --install` after the default build installs the binaries alone; the files
# above exist once kexit_package_files (or kexit_deb) has run.
install(FILES ${KEXIT_PACKAGE_FILES}/kexit.bash DESTINATION share/bash-completion/completions
        RENAME kexit OPTIONAL)
install(FILES ${KEXIT_PACKAGE_FILES}/_kexit DESTINATION share/zsh/vendor-completions OPTIONAL)
install(FILES ${KEXIT_PACKAGE_FILES}/kexit.fish DESTINATION share/fish/vendor_completions.d
        OPTIONAL)
install(FILES ${KEXIT_MAN_PAGE} DESTINATION share/man/man1 OPTIONAL)
install(CODE "
  if(EXISTS \"${KEXIT_MAN_PAGE}\")
    execute_process(COMMAND \${CMAKE_COMMAND} -E create_symlink kexit.1.gz
                    \$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/share/man/man1/kubectl-kexit.1.gz)
  endif()")
install(FILES ${KEXIT_DEBIAN_CHANGELOG} ${KEXIT_PACKAGE_FILES}/copyright
        DESTINATION share/doc/kexit OPTIONAL)

# cpack builds the `preinstall` target first, which would build everything, tests included,
# from inside the kexit_deb target: install needs only what kexit_deb depends on.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_PACKAGE_NAME kexit)
set(CPACK_PACKAGE_VENDOR "the kexit authors")
set(CPACK_PACKAGE_CONTACT "${KEXIT_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explain why a Kubernetes container exited")
# The extended description: CPack puts the summary above it and indents each line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "kexit identifies which component produced a container's exit code, reads
the pod, its Events and the terminated container's log, compares them with a
knowledge base of sourced facts, and answers with ranked causes, the evidence
lines behind each, and concrete next steps. It runs alone, as the kubectl
plugin kubectl-kexit, or as an agent in the cluster.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${KEXIT_PACKAGE_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries kexit links, as dpkg-shlibdeps computes them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
set(CPACK_OUTPUT_FILE_PREFIX ${KEXIT_PACKAGE_DIR})
include(CPack)

add_custom_target(kexit_deb
  COMMAND ${CMAKE_CPACK_COMMAND} -G DEB --config ${CMAKE_BINARY_DIR}/CPackConfig.cmake
  DEPENDS kexit kexit_package_files
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  COMMENT "Packing kexit_${PROJECT_VERSION}_${KEXIT_PACKAGE_ARCH}.deb"
  VERBATIM)
add_custom_target(kexit_krew
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:kexit> -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT_DIR=${KEXIT_PACKAGE_DIR}/krew -DVERSION=${PROJECT_VERSION}
          -DARCH=${KEXIT_PACKAGE_ARCH} -DDOWNLOAD_URL=${KEXIT_DOWNLOAD_URL}
          -DSTRIP=${CMAKE_STRIP} -P ${CMAKE_SOURCE_DIR}/cmake/krew_release.cmake
  DEPENDS kexit
  COMMENT "Writing the krew archive and plugin manifest"
  VERBATIM)

# The krew release: an archive holding kubectl-kexit (the stripped kexit binary under the name
# kubectl looks for), LICENSE and README.md, and the plugin manifest pointing at it with the
# archive's own sha256. Run by the `kexit_krew` target (cmake/packaging.cmake):
#   cmake -DBINARY=... -DSOURCE_DIR=... -DOUTPUT_DIR=... -DVERSION=... -DARCH=...
#         -DDOWNLOAD_URL=... -DSTRIP=... -P krew_release.cmake
foreach(variable BINARY SOURCE_DIR OUTPUT_DIR VERSION ARCH DOWNLOAD_URL STRIP)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "krew_release.cmake: -D${variable}= is missing")
  endif()
endforeach()

set(name kexit-${VERSION}-linux-${ARCH})
set(stage ${OUTPUT_DIR}/${name})
set(archive ${OUTPUT_DIR}/${name}.tar.gz)
file(REMOVE_RECURSE ${stage})
file(MAKE_DIRECTORY ${stage})
file(COPY_FILE ${BINARY} ${stage}/kubectl-kexit)
file(CHMOD ${stage}/kubectl-kexit PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
     GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# The debug information is most of a RelWithDebInfo binary; a user's plugin has no use for it.
execute_process(COMMAND ${STRIP} --strip-unneeded ${stage}/kubectl-kexit
                COMMAND_ERROR_IS_FATAL ANY)
file(COPY_FILE ${SOURCE_DIR}/LICENSE ${stage}/LICENSE)
file(COPY_FILE ${SOURCE_DIR}/README.md ${stage}/README.md)

# A fixed time, order and owner, and gzip without a name or time: the same binary gives the
# same archive, so its sha256 in a published manifest can be checked by rebuilding.
file(REMOVE ${archive})
execute_process(
  COMMAND tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu -cf -
          kubectl-kexit LICENSE README.md
  COMMAND gzip -9n
  WORKING_DIRECTORY ${stage}
  OUTPUT_FILE ${archive}
  COMMAND_ERROR_IS_FATAL ANY)

file(SHA256 ${archive} KEXIT_ARCHIVE_SHA256)
set(KEXIT_VERSION ${VERSION})
set(KEXIT_ARCH ${ARCH})
set(KEXIT_ARCHIVE_URI ${DOWNLOAD_URL}/v${VERSION}/${name}.tar.gz)
# plugins/kexit.yaml, as the manifest's path in krew's index.
configure_file(${SOURCE_DIR}/plugins/kexit.yaml.in ${OUTPUT_DIR}/plugins/kexit.yaml @ONLY)
message(STATUS "krew: ${archive} sha256 ${KEXIT_ARCHIVE_SHA256}")

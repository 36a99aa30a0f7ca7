# The two documents Debian's policy asks of every package: /usr/share/doc/kexit/copyright
# (here kexit's LICENSE) and a changelog in Debian's format. kexit's own changes are in its
# CHANGELOG.md, which is written for users of its outputs; the Debian changelog names the
# release. Run by cmake/packaging.cmake:
#   cmake -DSOURCE_DIR=... -DOUTPUT_DIR=... -DVERSION=... -DDATE_EPOCH=... -DMAINTAINER=...
#         -P debian_documents.cmake
foreach(variable SOURCE_DIR OUTPUT_DIR VERSION DATE_EPOCH MAINTAINER)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "debian_documents.cmake: -D${variable}= is missing")
  endif()
endforeach()

file(READ ${SOURCE_DIR}/LICENSE license)
file(WRITE ${OUTPUT_DIR}/copyright "${license}")

# string(TIMESTAMP) reads SOURCE_DATE_EPOCH: the commit's time, not the build's.
set(ENV{SOURCE_DATE_EPOCH} ${DATE_EPOCH})
string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${OUTPUT_DIR}/changelog
     "kexit (${VERSION}) unstable; urgency=medium\n\n"
     "  * kexit ${VERSION}; its changes are in CHANGELOG.md of kexit's sources.\n\n"
     " -- ${MAINTAINER}  ${date}\n")

# Packaging: install rules for desktop integration, the gateway's systemd unit and the
# documentation, and CPack settings for a Debian package and a tarball.
#   cmake --preset release && cmake --build --preset release
#   cpack --config build/release/CPackConfig.cmake     # gatehouse_<version>_amd64.deb, gatehouse-<version>-Linux.tar.gz
include(GNUInstallDirs)

set(GATEHOUSE_INSTALLER_DIR ${CMAKE_CURRENT_LIST_DIR})

install(FILES ${GATEHOUSE_INSTALLER_DIR}/gatehouse.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${GATEHOUSE_INSTALLER_DIR}/org.gatehouse.Gatehouse.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/cli.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/gatehouse)

# The unit names the gateway by absolute path. The prefix is only known at install time
# (/usr/local for `cmake --install`, /usr inside the .deb), so the unit is written then.
install(CODE "
  set(unit_bindir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  configure_file(\"${GATEHOUSE_INSTALLER_DIR}/gatehoused.service.in\"
                 \"${CMAKE_BINARY_DIR}/installer/gatehoused.service\" @ONLY)
")
install(FILES ${CMAKE_BINARY_DIR}/installer/gatehoused.service DESTINATION lib/systemd/system)

set(CPACK_PACKAGE_NAME gatehouse)
set(CPACK_PACKAGE_VENDOR "Gatehouse contributors")
set(CPACK_PACKAGE_CONTACT "Gatehouse maintainers <maintainers@gatehouse.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Gatehouse governs the path from an AI agent's recommendation to a privileged action on production. "
    "Decision paths have an accountable owner, a severity tier, human review for high-impact actions and "
    "a hash-chained audit ledger. Contains the console (gatehouse), the CLI (gatehousectl) and the intake "
    "gateway (gatehoused, with a hardened systemd unit).")
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/;/\\\\.cache/")

# Debian 12 (bookworm) runtime packages, one per shared library the executables load,
# plus the SQLite driver plugin Qt SQL opens at run time.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), libqt6network6 (>= 6.4), \
libqt6sql6 (>= 6.4), libqt6sql6-sqlite (>= 6.4), libqt6httpserver6 (>= 6.4), libqt6websockets6 (>= 6.4), \
libqt6charts6 (>= 6.4), libqt6svg6 (>= 6.4), libssl3 (>= 3.0), libspdlog1.10, libfmt9, libyaml-cpp0.7, \
libgvc6, libcgraph6, libcsv3, fonts-dejavu-core | fonts-freefont-ttf")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${GATEHOUSE_INSTALLER_DIR}/debian/postinst;${GATEHOUSE_INSTALLER_DIR}/debian/prerm;${GATEHOUSE_INSTALLER_DIR}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)

# Debian package of the GUI and the CLI (cpack -G DEB in the build folder).
set(CPACK_PACKAGE_NAME "amr-studio")
set(CPACK_PACKAGE_VENDOR "AMR Studio developers")
set(CPACK_PACKAGE_CONTACT "AMR Studio developers <amr-studio@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION "AMR Studio turns image-level tags into pixel masks: it trains the AMR
method (spotlight and compensation CAM branches), lets you tune the recalibration coefficient live,
refines pseudo labels by random walk, trains DeepLab-v2, and lets annotators review and correct
masks before exporting PASCAL VOC. It contains the desktop application amr-studio and the
command-line tool amr.")
if(AMR_BUILD_GUI)
  # The Chinese interface needs a CJK font; without one its menus are drawn as boxes.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk | fonts-wqy-microhei")
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB;TGZ")
include(CPack)

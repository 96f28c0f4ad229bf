# What a package installs besides the two programs: the desktop entry, the icon, the man page of
# `amr` (generated from its --help texts at build time) and the documentation.
include(GNUInstallDirs)

if(AMR_BUILD_GUI)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/amr-studio.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/amr-studio.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

set(AMR_MAN_PAGE ${CMAKE_CURRENT_BINARY_DIR}/amr.1.gz)
add_custom_command(
  OUTPUT ${AMR_MAN_PAGE}
  COMMAND ${PROJECT_SOURCE_DIR}/packaging/make-man.sh $<TARGET_FILE:amr> ${PROJECT_VERSION}
          > ${CMAKE_CURRENT_BINARY_DIR}/amr.1
  COMMAND gzip -9nf ${CMAKE_CURRENT_BINARY_DIR}/amr.1
  DEPENDS amr ${PROJECT_SOURCE_DIR}/packaging/make-man.sh
  COMMENT "Writing the man page of amr"
  VERBATIM)
# Written when installing or packaging (scripts/package.sh builds it first), not by every build:
# it starts `amr` once per command, about 20 s of CPU.
add_custom_target(amr_man_page DEPENDS ${AMR_MAN_PAGE})
install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" --build \"${CMAKE_BINARY_DIR}\" --target amr_man_page
                              RESULT_VARIABLE amr_man_result)
              if(amr_man_result)
                message(FATAL_ERROR \"could not write the man page of amr\")
              endif()")
install(FILES ${AMR_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/NOTICE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")

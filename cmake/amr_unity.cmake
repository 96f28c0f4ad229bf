# Unity builds (AMR_UNITY_BUILD, default OFF; scripts/test.sh and CI turn it on for their fresh
# builds). Each LibTorch source loads the ~650 MB torch PCH (about 10 s of CPU before it compiles a
# line), and each source parses its OpenCV/Qt/JSON headers again: compiling a library's sources in
# a few batches pays that once per batch. An incremental build of one touched source then
# recompiles its whole batch, so developers keep it OFF (docs/performance.md, "Build time").
option(AMR_UNITY_BUILD "Compile the libraries' sources in batches (faster fresh builds)" OFF)
set(AMR_UNITY_TORCH_BATCH 8 CACHE STRING "LibTorch sources per unity batch")
set(AMR_UNITY_PLAIN_BATCH 12 CACHE STRING "Other sources per unity batch")

# Puts the .cpp sources of `target` into unity groups: those that include LibTorch (they use the
# target's torch PCH) in batches of AMR_UNITY_TORCH_BATCH, the others (which skip it, see
# amr_skip_pch_without_torch) in batches of AMR_UNITY_PLAIN_BATCH. With `ALL_PCH`, every source
# counts as a PCH user (amr_ui: its Qt PCH serves every source). Sources marked
# SKIP_UNITY_BUILD_INCLUSION stay on their own.
function(amr_unity_build target)
  if(NOT AMR_UNITY_BUILD)
    return()
  endif()
  cmake_parse_arguments(arg "ALL_PCH" "" "" ${ARGN})
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  get_target_property(binary_dir ${target} BINARY_DIR)
  # One list of sources per folder and kind: a batch never mixes folders, so two files can only
  # clash (same helper name in their anonymous namespaces) when they sit in the same folder.
  set(lists "")
  foreach(source IN LISTS sources)
    if(NOT source MATCHES "\\.cpp$")
      continue()
    endif()
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    get_source_file_property(skip "${path}" TARGET_DIRECTORY ${target} SKIP_UNITY_BUILD_INCLUSION)
    if(skip)
      continue()
    endif()
    if(arg_ALL_PCH)
      set(kind pch)
    else()
      amr_includes_torch("${path}" torch)
      set(kind plain)
      if(torch)
        set(kind pch)
      endif()
    endif()
    file(RELATIVE_PATH rel "${source_dir}" "${path}")
    get_filename_component(folder "${rel}" DIRECTORY)
    string(MAKE_C_IDENTIFIER "${target}_${kind}_${folder}" list)
    list(APPEND lists ${list})
    list(APPEND ${list} "${path}")
  endforeach()
  list(REMOVE_DUPLICATES lists)
  # Each list in batches of even size (at most the batch size), in source order.
  set(plain_groups "")
  foreach(list IN LISTS lists)
    list(LENGTH ${list} n)
    if(list MATCHES "^${target}_pch_")
      set(size ${AMR_UNITY_TORCH_BATCH})
    else()
      set(size ${AMR_UNITY_PLAIN_BATCH})
    endif()
    math(EXPR batches "(${n} + ${size} - 1) / ${size}")
    set(i 0)
    foreach(path IN LISTS ${list})
      math(EXPR batch "${i} * ${batches} / ${n}")
      set(group "${list}_${batch}")
      set_source_files_properties("${path}" TARGET_DIRECTORY ${target} PROPERTIES UNITY_GROUP ${group})
      if(NOT list MATCHES "^${target}_pch_")
        list(APPEND plain_groups ${group})
      endif()
      math(EXPR i "${i} + 1")
    endforeach()
  endforeach()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  # GCC warns about a class holding a type from an anonymous namespace only outside the main
  # file, meant for headers: in a batch every source is outside it, so the warning is noise there.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-subobject-linkage>)
  # The batches of sources without LibTorch skip the torch PCH, as those sources do one by one.
  list(REMOVE_DUPLICATES plain_groups)
  foreach(group IN LISTS plain_groups)
    set_source_files_properties(
      "${binary_dir}/CMakeFiles/${target}.dir/Unity/unity_${group}_cxx.cxx"
      TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endforeach()
endfunction()

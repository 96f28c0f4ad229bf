# Precompiled headers (AMR_PCH, default ON). Three PCHs, each built once and shared:
#   amr_engine's (cmake/pch/engine_pch.h: LibTorch, OpenCV), used by the engine sources that include
#     LibTorch, and reused (REUSE_FROM) by the `amr` CLI, the engine-only benchmarks and the tests
#     that include LibTorch;
#   amr_ui's (cmake/pch/ui_pch.h: Qt Widgets), for the GUI library;
#   the tests' (cmake/pch/test_pch.h: Qt Test, OpenCV), for the tests without LibTorch.
# GCC takes a PCH only where `-fpic`/`-fpie` are the same as when it was built. Qt wants -fPIC
# from its users (the tests), so the engine and every program that reuses its PCH compile with
# -fPIC too (amr_engine's PUBLIC options, top-level CMakeLists.txt).
# A source that does not include LibTorch (directly or through the project's headers) skips the
# torch PCH: loading it costs more than such a file takes to compile. Sources still include what
# they use, so AMR_PCH=OFF builds too.
# ccache caches PCH builds only with CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,
# include_file_ctime (docs/toolchain.md §2); the top-level CMakeLists.txt sets it in the launcher.
# The PCH headers are named as <pch/...> (found through -I cmake/), not by absolute path: CMake
# copies the name into the generated cmake_pch.hxx, which ccache hashes, so an absolute path made
# every clone in another folder miss the cache for the PCH and for every source that uses it.
option(AMR_PCH "Use precompiled headers for LibTorch, OpenCV and Qt" ON)

# Sets <out> to ON when `file` includes LibTorch, directly or through the project's headers
# (quoted includes, resolved from the source root, the file's folder and tests/). Memoized.
function(amr_includes_torch file out)
  string(MD5 key "${file}")
  get_property(known GLOBAL PROPERTY AMR_TORCH_${key} SET)
  if(known)
    get_property(value GLOBAL PROPERTY AMR_TORCH_${key})
    set(${out} ${value} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY AMR_TORCH_${key} OFF)  # guards include cycles
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  get_filename_component(dir "${file}" DIRECTORY)
  set(value OFF)
  foreach(line IN LISTS lines)
    if(line MATCHES "<(torch|ATen|c10)/")
      set(value ON)
    elseif(line MATCHES "\"([^\"]+)\"")
      set(header "${CMAKE_MATCH_1}")
      foreach(base "${dir}" "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/tests")
        if(EXISTS "${base}/${header}" AND NOT IS_DIRECTORY "${base}/${header}")
          get_filename_component(resolved "${base}/${header}" ABSOLUTE)
          amr_includes_torch("${resolved}" value)
          break()
        endif()
      endforeach()
    endif()
    if(value)
      break()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY AMR_TORCH_${key} ${value})
  set(${out} ${value} PARENT_SCOPE)
endfunction()

# Marks the .cpp sources of `target` that do not include LibTorch to skip the PCH.
function(amr_skip_pch_without_torch target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(with 0)
  set(without 0)
  foreach(source IN LISTS sources)
    if(NOT source MATCHES "\\.cpp$")
      continue()
    endif()
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    amr_includes_torch("${path}" torch)
    if(torch)
      math(EXPR with "${with} + 1")
    else()
      set_source_files_properties("${path}" TARGET_DIRECTORY ${target}
                                  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
      math(EXPR without "${without} + 1")
    endif()
  endforeach()
  message(STATUS "PCH: ${target}: ${with} sources include LibTorch, ${without} skip the PCH")
endfunction()

# The torch PCH of the engine for `target` (amr_engine).
# The folder of the <pch/...> headers, for a PCH's owner and its users (for a build without the
# .gch, e.g. when GCC refuses it).
function(amr_pch_include_dir target)
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/cmake")
endfunction()

function(amr_engine_pch target)
  if(AMR_PCH)
    amr_pch_include_dir(${target})
    target_precompile_headers(${target} PRIVATE <pch/engine_pch.h>)
    amr_skip_pch_without_torch(${target})
  endif()
endfunction()

# `target` (linking amr_engine and nothing with other compile definitions) reuses the engine's PCH.
function(amr_reuse_engine_pch target)
  if(AMR_PCH)
    amr_pch_include_dir(${target})
    target_precompile_headers(${target} REUSE_FROM amr_engine)
    amr_skip_pch_without_torch(${target})
  endif()
endfunction()

function(amr_ui_pch target)
  if(AMR_PCH)
    amr_pch_include_dir(${target})
    target_precompile_headers(${target} PRIVATE <pch/ui_pch.h>)
  endif()
endfunction()

# The tests' PCHs: Qt Test (owned by amr_test_support) for the tests without LibTorch; the
# engine's for the others (amr_test_torch_support and the LibTorch tests). A PCH of LibTorch and Qt
# Test of their own cost 78 s of CPU to build, more than parsing Qt Test's headers in the few
# translation units that need both.
function(amr_test_pchs)
  if(AMR_PCH)
    # PUBLIC: every test program may use one of the two test PCHs.
    target_include_directories(amr_test_support PUBLIC "${PROJECT_SOURCE_DIR}/cmake")
    target_precompile_headers(amr_test_support PRIVATE <pch/test_pch.h>)
    target_precompile_headers(amr_test_torch_support REUSE_FROM amr_engine)
  endif()
endfunction()

# Test program `target` (one source, linking amr_test_support) reuses the engine's PCH when its
# source includes LibTorch, else the Qt Test one.
function(amr_reuse_test_pch target source)
  if(AMR_PCH)
    amr_includes_torch("${source}" torch)
    if(torch)
      target_precompile_headers(${target} REUSE_FROM amr_engine)
    else()
      target_precompile_headers(${target} REUSE_FROM amr_test_support)
    endif()
  endif()
endfunction()

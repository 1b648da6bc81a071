# ctest fixture "e2e_node": lays out <build>/e2e-node with the e2e sources and installs the
# pinned npm packages there (npm ci). The install is skipped when package-lock.json has not
# changed since the last one, so repeated ctest runs do not hit the registry.
# Usage: cmake -DSRC=<tests/e2e> -DDEST=<build>/e2e-node -DNPM=<npm> -P npm_ci.cmake
foreach(var SRC DEST NPM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "npm_ci.cmake: -D${var}=... is required")
  endif()
endforeach()

file(MAKE_DIRECTORY ${DEST})
foreach(f package.json package-lock.json harness.mjs session.mjs upstream.mjs run.mjs cross_sdk.mjs claude_cli.mjs
          codex_cli.mjs)
  file(COPY_FILE ${SRC}/${f} ${DEST}/${f} ONLY_IF_DIFFERENT)
endforeach()

file(SHA256 ${SRC}/package-lock.json lock_hash)
set(stamp ${DEST}/node_modules/.relaydesk-e2e-lock.sha256)
if(EXISTS ${stamp})
  file(READ ${stamp} old_hash)
  if(old_hash STREQUAL lock_hash)
    message(STATUS "e2e node_modules up to date (${DEST})")
    return()
  endif()
endif()

execute_process(
  COMMAND ${NPM} ci --no-audit --no-fund --prefix ${DEST}
  WORKING_DIRECTORY ${DEST}
  RESULT_VARIABLE rc
  TIMEOUT 540)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm ci failed (${rc})")
endif()
file(WRITE ${stamp} ${lock_hash})

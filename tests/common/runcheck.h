#pragma once

#include <QTest>

// Runs a shared check that asserts with QTest macros (a void helper: its QVERIFY/QCOMPARE only
// return from the helper) and ends the calling test function when the check failed.
#define RUN_CHECK(check)                                                                                               \
    do {                                                                                                               \
        check;                                                                                                         \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

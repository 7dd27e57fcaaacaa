/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * @defgroup vpndiag_tests vpndiag_tests
 * @{ @ingroup vpndiag
 *
 * Unit test suites (libcheck). Each test_<name>.c exports one suite
 * constructor listed in VPNDIAG_SUITES.
 */

#ifndef VPNDIAG_TESTS_H_
#define VPNDIAG_TESTS_H_

#include <check.h>
#include <stdio.h>
#include <stdbool.h>

/** X-macro list of all suites: add a line per test_<name>.c */
#define VPNDIAG_SUITES(X) \
	X(catalogue) \
	X(cause) \
	X(rules) \
	X(store) \
	X(vici) \
	X(state_file) \
	X(encoding) \
	X(ts) \
	X(fw_rules) \
	X(check) \
	X(traffic) \
	X(profiles) \
	X(sa_raw) \
	X(flood) \
	X(log_match) \
	X(escape)

#define VPNDIAG_DECLARE_SUITE(name) Suite *name##_suite_create(void);
VPNDIAG_SUITES(VPNDIAG_DECLARE_SUITE)

/**
 * Directory of the source tree (for golden files), from VPNDIAG_SRCDIR or
 * the build-time default.
 */
const char *vpndiag_tests_srcdir(void);

/**
 * Open a golden file of tests/unit (asserts it exists).
 *
 * @param name		file name, e.g. "code_ids.golden"
 * @param path		receives its path, for messages
 */
FILE *vpndiag_tests_golden_open(const char *name, char *path, size_t len);

/**
 * Read the next data line of a golden file: '#' comments skipped, the line
 * end stripped; asserts that the line fits and is terminated.
 *
 * @param lineno	line number, counted up
 * @return			FALSE at the end of the file
 */
bool vpndiag_tests_golden_line(FILE *file, const char *path, char *line,
							   size_t len, int *lineno);

/**
 * Reference: length of a valid UTF-8 sequence at s, 0 if invalid (the
 * escapes before issue 22 took one such unit at a time; test_encoding.c,
 * used by test_escape.c too).
 */
int ref_utf8_len(const unsigned char *s);

#endif /** VPNDIAG_TESTS_H_ @}*/

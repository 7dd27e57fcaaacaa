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

/** X-macro list of all suites: add a line per test_<name>.c */
#define VPNDIAG_SUITES(X) \
	X(catalogue) \
	X(cause) \
	X(rules) \
	X(store) \
	X(vici) \
	X(state_file) \
	X(encoding) \
	X(ts)

#define VPNDIAG_DECLARE_SUITE(name) Suite *name##_suite_create(void);
VPNDIAG_SUITES(VPNDIAG_DECLARE_SUITE)

/**
 * Directory of the source tree (for golden files), from VPNDIAG_SRCDIR or
 * the build-time default.
 */
const char *vpndiag_tests_srcdir(void);

#endif /** VPNDIAG_TESTS_H_ @}*/

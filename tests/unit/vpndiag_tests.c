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

#include "vpndiag_tests.h"

#include <stdlib.h>
#include <library.h>

const char *vpndiag_tests_srcdir(void)
{
	const char *dir = getenv("VPNDIAG_SRCDIR");

	return dir ? dir : VPNDIAG_TOP_SRCDIR;
}

/*
 * Described in header
 */
FILE *vpndiag_tests_golden_open(const char *name, char *path, size_t len)
{
	FILE *file;

	snprintf(path, len, "%s/tests/unit/%s", vpndiag_tests_srcdir(), name);
	file = fopen(path, "r");
	ck_assert_msg(file, "cannot open %s", path);
	return file;
}

/*
 * Described in header
 */
bool vpndiag_tests_golden_line(FILE *file, const char *path, char *line,
							   size_t len, int *lineno)
{
	size_t n;

	while (fgets(line, len, file))
	{
		(*lineno)++;
		n = strlen(line);
		ck_assert_msg(n && line[n - 1] == '\n', "%s:%d: line too long or "
					  "not terminated", path, *lineno);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		{
			line[--n] = '\0';
		}
		if (line[0] != '#')
		{
			return true;
		}
	}
	return false;
}

int main(void)
{
	SRunner *runner;
	int failed;

	/* the core uses libstrongswan's collections, threads and settings */
	library_init(NULL, "vpndiag-tests");
	atexit(library_deinit);

	runner = srunner_create(NULL);
#define VPNDIAG_ADD_SUITE(name) srunner_add_suite(runner, name##_suite_create());
	VPNDIAG_SUITES(VPNDIAG_ADD_SUITE)
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

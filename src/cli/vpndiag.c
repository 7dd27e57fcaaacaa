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
 * @defgroup vpndiag_cli vpndiag CLI
 *
 * vpndiag: query the diagnoses of the vpndiag plugin over its VICI socket.
 */

#include "command.h"

#include <library.h>
#include <utils/debug.h>

#include <stdlib.h>

/**
 * No libstrongswan log output on the terminal (settings warnings aside)
 */
static void dbg_quiet(debug_t group, level_t level, char *fmt, ...)
{
}

int main(int argc, char *argv[])
{
	int rc;

	dbg = dbg_quiet;
	if (!library_init(NULL, "vpndiag"))
	{
		library_deinit();
		fprintf(stderr, "vpndiag: unable to initialize libstrongswan\n");
		return EXIT_FAILED;
	}
	rc = command_dispatch(argc, argv);
	library_deinit();
	return rc;
}

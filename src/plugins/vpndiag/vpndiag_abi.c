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

#include "vpndiag_abi.h"

#include <dlfcn.h>

#include <daemon.h>

/*
 * Described in header
 */
bool vpndiag_abi_check()
{
	/* libcharon exports mediation_manager_create only when built with ME */
	bool running_me = dlsym(RTLD_DEFAULT, "mediation_manager_create") != NULL;
	bool built_me = VPNDIAG_ABI_ME;

	if (running_me != built_me)
	{
		DBG0(DBG_LIB, "vpndiag: refusing to load: built for a libcharon %s "
			 "mediation (ME) but the running libcharon is built %s it; "
			 "rebuild vpndiag against this strongSwan (configure detects ME)",
			 built_me ? "with" : "without", running_me ? "with" : "without");
		return FALSE;
	}
	return TRUE;
}

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
 * @defgroup vpndiag_abi vpndiag_abi
 * @{ @ingroup vpndiag
 *
 * Runtime guard: is the running libcharon the ABI the plugin was built for?
 *
 * Configure switches such as ME (mediation) shift the vtables of ike_sa_t,
 * peer_cfg_t and daemon_t. A plugin built for the wrong switch calls the
 * wrong methods without any error, so the plugin refuses to load instead.
 */

#ifndef VPNDIAG_ABI_H_
#define VPNDIAG_ABI_H_

#include <utils/utils.h>

/**
 * Check the ABI of the running daemon, log a level-0 line on mismatch.
 *
 * @return			TRUE if the plugin may load
 */
bool vpndiag_abi_check(void);

#endif /** VPNDIAG_ABI_H_ @}*/

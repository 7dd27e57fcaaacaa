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
 * @defgroup vpndiag_check_env vpndiag_check_env
 * @{ @ingroup vpndiag
 *
 * The preflight's view of the running daemon (vpndiag_check_env_t): the
 * crypto factory's registered algorithms, charon's credential sets through
 * lib->credmgr, and the kernel interface's addresses and routes. Used on
 * the check thread only. Tier: charon.
 */

#ifndef VPNDIAG_CHECK_ENV_H_
#define VPNDIAG_CHECK_ENV_H_

#include "vpndiag_check.h"

/**
 * The environment of charon (a static object, nothing to destroy).
 */
vpndiag_check_env_t *vpndiag_check_env_charon(void);

#endif /** VPNDIAG_CHECK_ENV_H_ @}*/

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
 * @defgroup vpndiag_config vpndiag_config
 * @{ @ingroup vpndiag
 *
 * Answers the classifier's configuration questions from charon's
 * backends. Used on the worker thread only: enumerating configs under the
 * bus lock is forbidden.
 */

#ifndef VPNDIAG_CONFIG_H_
#define VPNDIAG_CONFIG_H_

#include "vpndiag_classifier.h"

/**
 * Create the charon-backed configuration query.
 *
 * @return			query, free() it
 */
vpndiag_config_query_t *vpndiag_config_create(void);

#endif /** VPNDIAG_CONFIG_H_ @}*/

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
 * @defgroup vpndiag vpndiag
 * @ingroup cplugins
 *
 * @defgroup vpndiag_plugin vpndiag_plugin
 * @{ @ingroup vpndiag
 */

#ifndef VPNDIAG_PLUGIN_H_
#define VPNDIAG_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct vpndiag_plugin_t vpndiag_plugin_t;

/**
 * Plugin diagnosing IPsec/IKE failures with a documented error taxonomy.
 */
struct vpndiag_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

#endif /** VPNDIAG_PLUGIN_H_ @}*/

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
 * @defgroup vpndiag_compat vpndiag_compat
 * @{ @ingroup vpndiag
 *
 * The config methods whose signature differs between strongSwan 5.9 and
 * 6.x, one wrapper each; configure.ac's compile checks define the switches:
 * VPNDIAG_PROPOSALS_LOG (6.1+: get_proposals() takes a log flag) and
 * VPNDIAG_SELECT_TS (6.x: get_traffic_selectors() takes only hosts, the
 * narrowing moved to select_traffic_selectors()). Method calls only, so
 * every tier may include it.
 */

#ifndef VPNDIAG_COMPAT_H_
#define VPNDIAG_COMPAT_H_

#include <config/ike_cfg.h>
#include <config/child_cfg.h>

/**
 * The IKE proposals of a config (clones, caller destroys), without logging.
 */
static inline linked_list_t *vpndiag_ike_proposals(ike_cfg_t *ike_cfg)
{
#ifdef VPNDIAG_PROPOSALS_LOG
	return ike_cfg->get_proposals(ike_cfg, FALSE);
#else
	return ike_cfg->get_proposals(ike_cfg);
#endif
}

/**
 * The ESP/AH proposals of a child config (clones, caller destroys), without
 * logging.
 *
 * @param strip_ke		remove key exchange methods (as for IKE_AUTH)
 */
static inline linked_list_t *vpndiag_child_proposals(child_cfg_t *child_cfg,
													 bool strip_ke)
{
#ifdef VPNDIAG_PROPOSALS_LOG
	return child_cfg->get_proposals(child_cfg, strip_ke, FALSE);
#else
	return child_cfg->get_proposals(child_cfg, strip_ke);
#endif
}

/**
 * The configured traffic selectors of one side of a child config (clones,
 * not narrowed, dynamic ones unresolved; caller destroys).
 */
static inline linked_list_t *vpndiag_cfg_ts(child_cfg_t *child_cfg,
										    bool local)
{
#ifdef VPNDIAG_SELECT_TS
	return child_cfg->get_traffic_selectors(child_cfg, local, NULL);
#else
	return child_cfg->get_traffic_selectors(child_cfg, local, NULL, NULL,
											FALSE);
#endif
}

#endif /** VPNDIAG_COMPAT_H_ @}*/

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

/*
 * The log lines that reveal facts no bus hook carries, as data
 * (vpndiag_log_match.h). Within a debug group the first entry that matches
 * wins: the order matters where two entries can match one line.
 */

#include "vpndiag_log_match.h"

/*
 * Described in header
 */
const vpndiag_log_needle_t vpndiag_log_facts[] = {
	{ DBG_IKE, "but MAC mismatched", NULL, VPNDIAG_LOG_PSK_MISMATCH },
	{ DBG_IKE, "public key found for", "no trusted", VPNDIAG_LOG_NO_TRUSTED_KEY },
	{ DBG_IKE, "no IKE config found for", NULL, VPNDIAG_LOG_NO_IKE_CONFIG },
	{ DBG_IKE, "Aggressive Mode PSK disabled", NULL,
	  VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED },
	{ DBG_IKE, "but none allows", NULL, VPNDIAG_LOG_MODE_NOT_ALLOWED },
	{ DBG_IKE, "XAuth authentication of", "failed", VPNDIAG_LOG_XAUTH_FAILED },
	{ DBG_CFG, "received IDr", "but require", VPNDIAG_LOG_IDR_MISMATCH },
	{ DBG_IKE, "no shared key found for", NULL, VPNDIAG_LOG_NO_LOCAL_CREDENTIAL },
	{ DBG_IKE, "no private key found for", NULL,
	  VPNDIAG_LOG_NO_LOCAL_CREDENTIAL },
	{ DBG_ENC, "decryption failed", NULL, VPNDIAG_LOG_DECRYPTION_FAILED },
	/* receiver.c:drop_ike_sa_init(), the per-IP line first: both name a
	 * "half-open IKE_SA limit" */
	{ DBG_NET, "ignoring IKE_SA setup from", "per-IP half-open",
	  VPNDIAG_LOG_INIT_LIMIT_PER_IP },
	{ DBG_NET, "ignoring IKE_SA setup from", "half-open IKE_SA limit",
	  VPNDIAG_LOG_INIT_LIMIT },
	{ DBG_NET, "ignoring IKE_SA setup from", "job load of",
	  VPNDIAG_LOG_INIT_JOB_LOAD },
	{ DBG_MGR, "hitting IKE_SA limit", NULL, VPNDIAG_LOG_IKESA_LIMIT },
	{ DBG_NET, "received unsupported IKE version", NULL,
	  VPNDIAG_LOG_UNSUPPORTED_VERSION },
	{ DBG_KNL, "unable to add SAD entry", NULL, VPNDIAG_LOG_KERNEL_ERROR },
	{ DBG_CFG, "is full, unable to assign address", NULL, VPNDIAG_LOG_POOL_FULL },
	{ DBG_IKE, "sending DPD request", NULL, VPNDIAG_LOG_DPD_SENT },
	{ DBG_IKE, "sending address list update using MOBIKE", NULL,
	  VPNDIAG_LOG_MOBIKE_UPDATE },
	{ DBG_KNL, "received netlink error: ", NULL, VPNDIAG_LOG_KERNEL_ERRNO },
	{ DBG_IKE, "received INITIAL_CONTACT", "destroying duplicate IKE_SA",
	  VPNDIAG_LOG_INITIAL_CONTACT },
	/* vici_config.c:clear_start_action(), 5.9.x "closing IKE_SA #N", 6.x
	 * "vici closing IKE_SA 'name' #N" (no IKE_SA context) */
	{ DBG_CFG, "closing IKE_SA ", "#", VPNDIAG_LOG_CONFIG_CLOSING },
	{ DBG_CFG, "closing '", "#", VPNDIAG_LOG_CONFIG_CLOSING_CHILD },
	{ DBG_CFG, "closing CHILD_SA '", "#", VPNDIAG_LOG_CONFIG_CLOSING_CHILD },
	{ DBG_IKE, "cert request", "unknown ca", VPNDIAG_LOG_CERTREQ_UNKNOWN_CA },
	{ DBG_CFG, "constraint check failed", NULL, VPNDIAG_LOG_CONSTRAINT },
	/* child_create.c handle_childless() and defer_child_sa() */
	{ DBG_IKE, "initiate a childless IKE_SA", "peer ",
	  VPNDIAG_LOG_CHILDLESS },
	{ DBG_IKE, "peer does not support childless IKE_SA initiation", NULL,
	  VPNDIAG_LOG_CHILDLESS },
	{ DBG_ENC, "fragmented IKE message is too large", NULL,
	  VPNDIAG_LOG_FRAGMENT_LIMIT },
	{ DBG_IKE, "maximum fragment count exceeded", NULL,
	  VPNDIAG_LOG_FRAGMENT_LIMIT },
	{ DBG_IKE, "did not reauthenticate as requested", NULL,
	  VPNDIAG_LOG_REAUTH_NOT_DONE },
};

/*
 * Described in header
 */
const int vpndiag_log_facts_count = countof(vpndiag_log_facts);

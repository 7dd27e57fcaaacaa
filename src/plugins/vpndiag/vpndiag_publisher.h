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
 * @defgroup vpndiag_publisher vpndiag_publisher
 * @{ @ingroup vpndiag
 *
 * Interface of the outputs a stored record is published to (charon's log,
 * syslog, VICI events). Called on the worker thread, never under the bus
 * lock; a publisher must not block for long.
 */

#ifndef VPNDIAG_PUBLISHER_H_
#define VPNDIAG_PUBLISHER_H_

#include "vpndiag_record.h"

typedef struct vpndiag_publisher_t vpndiag_publisher_t;

/**
 * A record output.
 */
struct vpndiag_publisher_t {

	/**
	 * Publish a new or updated (folded repeat) record.
	 *
	 * @param record	the record as stored (not owned)
	 * @param is_new	TRUE for a new record, FALSE for an update
	 */
	void (*publish)(vpndiag_publisher_t *this, vpndiag_record_t *record,
					bool is_new);

	/**
	 * Re-read settings (swanctl --reload-settings).
	 */
	void (*reload)(vpndiag_publisher_t *this);

	/**
	 * Destroy the publisher.
	 */
	void (*destroy)(vpndiag_publisher_t *this);
};

#endif /** VPNDIAG_PUBLISHER_H_ @}*/

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

#include "vpndiag_stats.h"

#include <library.h>
#include <threading/mutex.h>

typedef struct private_vpndiag_stats_t private_vpndiag_stats_t;

/**
 * Private data.
 */
struct private_vpndiag_stats_t {
	vpndiag_stats_t public;
	vpndiag_queue_t *queue;
	uint64_t values[VPNDIAG_STAT_MAX];
	mutex_t *mutex;
};

METHOD(vpndiag_stats_t, add, void,
	private_vpndiag_stats_t *this, vpndiag_stat_t stat, uint64_t n)
{
	if (stat < VPNDIAG_STAT_MAX)
	{
		this->mutex->lock(this->mutex);
		this->values[stat] += n;
		this->mutex->unlock(this->mutex);
	}
}

METHOD(vpndiag_stats_t, set, void,
	private_vpndiag_stats_t *this, vpndiag_stat_t stat, uint64_t value)
{
	if (stat < VPNDIAG_STAT_MAX)
	{
		this->mutex->lock(this->mutex);
		this->values[stat] = value;
		this->mutex->unlock(this->mutex);
	}
}

METHOD(vpndiag_stats_t, get, uint64_t,
	private_vpndiag_stats_t *this, vpndiag_stat_t stat)
{
	uint64_t value = 0;

	if (stat == VPNDIAG_STAT_EVENTS_DROPPED && this->queue)
	{
		return this->queue->get_dropped(this->queue);
	}
	if (stat < VPNDIAG_STAT_MAX)
	{
		this->mutex->lock(this->mutex);
		value = this->values[stat];
		this->mutex->unlock(this->mutex);
	}
	return value;
}

METHOD(vpndiag_stats_t, destroy, void,
	private_vpndiag_stats_t *this)
{
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_stats_t *vpndiag_stats_create(vpndiag_queue_t *queue)
{
	private_vpndiag_stats_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.set = _set,
			.get = _get,
			.destroy = _destroy,
		},
		.queue = queue,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}

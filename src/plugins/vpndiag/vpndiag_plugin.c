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

#include "vpndiag_plugin.h"
#include "vpndiag_abi.h"
#include "vpndiag_listener.h"
#include "vpndiag_worker.h"
#include "vpndiag_vici.h"
#include "vpndiag_log.h"
#include "vpndiag_syslog.h"
#include "vpndiag_sampler.h"

#include <daemon.h>

typedef struct private_vpndiag_plugin_t private_vpndiag_plugin_t;

/**
 * Private data.
 */
struct private_vpndiag_plugin_t {
	vpndiag_plugin_t public;
	vpndiag_worker_t *worker;
	vpndiag_listener_t *listener;
	vpndiag_vici_t *vici;
	vpndiag_sampler_t *sampler;
};

METHOD(plugin_t, get_name, char*,
	private_vpndiag_plugin_t *this)
{
	return "vpndiag";
}

/**
 * Start the pipeline and hook into the bus, or take it all down again.
 * The publishers are wired here, all of them: charon's log and syslog
 * (owned by the worker) and VICI (owned by the VICI server). The traffic
 * sampler is a job on charon's scheduler that feeds the worker's queue.
 */
static bool register_listener(private_vpndiag_plugin_t *this,
							  plugin_feature_t *feature, bool reg, void *data)
{
	if (reg)
	{
		this->worker = vpndiag_worker_create();
		if (!this->worker)
		{
			DBG1(DBG_CFG, "vpndiag: unable to start the worker thread");
			return FALSE;
		}
		this->worker->add_publisher(this->worker, vpndiag_log_create());
		this->worker->add_publisher(this->worker, vpndiag_syslog_create(
									this->worker->get_stats(this->worker)));
		this->sampler = vpndiag_sampler_create(
									this->worker->get_queue(this->worker));
		this->vici = vpndiag_vici_create(this->worker->get_store(this->worker),
									this->worker->get_stats(this->worker),
									this->sampler);
		if (this->vici)
		{
			this->worker->add_publisher(this->worker,
									this->vici->get_publisher(this->vici));
		}
		this->listener = vpndiag_listener_create(
									this->worker->get_queue(this->worker));
		charon->bus->add_listener(charon->bus, &this->listener->listener);
		charon->bus->add_logger(charon->bus, &this->listener->logger);
	}
	else if (this->listener)
	{
		charon->bus->remove_logger(charon->bus, &this->listener->logger);
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		this->listener->destroy(this->listener);
		if (this->vici)
		{
			this->worker->remove_publisher(this->worker,
									this->vici->get_publisher(this->vici));
			this->vici->destroy(this->vici);
		}
		this->sampler->destroy(this->sampler);
		this->worker->destroy(this->worker);
		this->listener = NULL;
		this->worker = NULL;
		this->vici = NULL;
		this->sampler = NULL;
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_vpndiag_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)register_listener, NULL),
			PLUGIN_PROVIDE(CUSTOM, "vpndiag"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_vpndiag_plugin_t *this)
{
	if (this->worker)
	{
		this->worker->reload(this->worker);
	}
	if (this->vici)
	{
		this->vici->reload(this->vici);
	}
	if (this->sampler)
	{
		this->sampler->reload(this->sampler);
	}
	return TRUE;
}

METHOD(plugin_t, destroy, void,
	private_vpndiag_plugin_t *this)
{
	free(this);
}

/**
 * Version of the strongSwan the plugin is built for, checked by the plugin
 * loader of strongSwan 6.0.3 and later
 */
const char *vpndiag_plugin_version = VERSION;

/**
 * Plugin constructor
 */
plugin_t *vpndiag_plugin_create()
{
	private_vpndiag_plugin_t *this;

	if (!vpndiag_abi_check())
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
	);
	return &this->public.plugin;
}

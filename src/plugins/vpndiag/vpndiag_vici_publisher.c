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

#include "vpndiag_vici_publisher.h"
#include "vpndiag_vici_record.h"

typedef struct private_vpndiag_vici_publisher_t private_vpndiag_vici_publisher_t;

/**
 * Private data.
 */
struct private_vpndiag_vici_publisher_t {
	vpndiag_publisher_t public;
	vpndiag_vici_socket_t *socket;
};

METHOD(vpndiag_publisher_t, publish, void,
	private_vpndiag_vici_publisher_t *this, vpndiag_record_t *record,
	bool is_new)
{
	vpndiag_vici_builder_t b;
	uint8_t *packet;
	size_t len;

	if (!this->socket->has_listeners(this->socket, VPNDIAG_EVENT_LIVE))
	{
		return;
	}
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, VPNDIAG_EVENT_LIVE);
	vpndiag_vici_str(&b, "update", is_new ? "new" : "updated");
	vpndiag_vici_add_record(&b, record);
	packet = vpndiag_vici_finish(&b, &len);
	if (packet)
	{
		this->socket->raise(this->socket, VPNDIAG_EVENT_LIVE, packet, len);
		free(packet);
	}
}

METHOD(vpndiag_publisher_t, reload, void,
	private_vpndiag_vici_publisher_t *this)
{
}

METHOD(vpndiag_publisher_t, destroy, void,
	private_vpndiag_vici_publisher_t *this)
{
	free(this);
}

/*
 * Described in header
 */
vpndiag_publisher_t *vpndiag_vici_publisher_create(
										vpndiag_vici_socket_t *socket)
{
	private_vpndiag_vici_publisher_t *this;

	INIT(this,
		.public = {
			.publish = _publish,
			.reload = _reload,
			.destroy = _destroy,
		},
		.socket = socket,
	);
	socket->add_event(socket, VPNDIAG_EVENT_LIVE);
	return &this->public;
}

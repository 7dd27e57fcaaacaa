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

#include "vpndiag_check_env.h"

#include <daemon.h>
#include <crypto/crypters/crypter.h>

#include <time.h>

/**
 * Whether an enumerator of (algorithm, plugin name) lists an algorithm
 */
static bool listed(enumerator_t *enumerator, uint16_t alg)
{
	int current;
	const char *plugin;
	bool found = FALSE;

	while (!found && enumerator->enumerate(enumerator, &current, &plugin))
	{
		found = current == alg;
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * The algorithms the crypto factory has, as 'swanctl --list-algs' lists
 * them (crypto_factory.c: create_*_enumerator())
 */
static bool algorithm_available(vpndiag_check_env_t *this,
								transform_type_t type, uint16_t alg)
{
	switch (type)
	{
		case ENCRYPTION_ALGORITHM:
			if (encryption_algorithm_is_aead(alg))
			{
				return listed(lib->crypto->create_aead_enumerator(lib->crypto),
							  alg);
			}
			return listed(lib->crypto->create_crypter_enumerator(lib->crypto),
						  alg);
		case INTEGRITY_ALGORITHM:
			return listed(lib->crypto->create_signer_enumerator(lib->crypto),
						  alg);
		case PSEUDO_RANDOM_FUNCTION:
			return listed(lib->crypto->create_prf_enumerator(lib->crypto),
						  alg);
		case KEY_EXCHANGE_METHOD:
			return listed(lib->crypto->create_ke_enumerator(lib->crypto),
						  alg);
		default:
			return TRUE;
	}
}

/**
 * An address on a local interface (kernel_interface_t.get_interface())
 */
static bool is_local(vpndiag_check_env_t *this, host_t *host)
{
	return charon->kernel->get_interface(charon->kernel, host, NULL);
}

/**
 * A route to dst: the source address charon would pick for IKE
 * (ike_sa.c:resolve_hosts() uses get_source_addr())
 */
static bool has_route(vpndiag_check_env_t *this, host_t *dst, host_t *src)
{
	host_t *found;

	found = charon->kernel->get_source_addr(charon->kernel, dst, src);
	DESTROY_IF(found);
	return found != NULL;
}

/**
 * The lookup of psk_authenticator.c (IKEv2) and phase1.c (IKEv1)
 */
static bool has_shared_key(vpndiag_check_env_t *this, identification_t *me,
						   identification_t *other)
{
	shared_key_t *key;

	key = lib->credmgr->get_shared(lib->credmgr, SHARED_IKE, me, other);
	DESTROY_IF(key);
	return key != NULL;
}

/**
 * A certificate of the identity, trusted or not (the lookup of
 * pubkey_authenticator.c when local.certs names none)
 */
static certificate_t *get_cert(vpndiag_check_env_t *this,
							   identification_t *id)
{
	return lib->credmgr->get_cert(lib->credmgr, CERT_ANY, KEY_ANY, id, FALSE);
}

/**
 * The private key of a certificate, by its public key's id
 * (credential_manager.c:get_private_by_cert())
 */
static bool has_private_key(vpndiag_check_env_t *this, certificate_t *cert)
{
	public_key_t *public;
	private_key_t *private = NULL;
	identification_t *keyid;
	chunk_t chunk;

	public = cert->get_public_key(cert);
	if (!public)
	{
		return FALSE;
	}
	if (public->get_fingerprint(public, KEYID_PUBKEY_SHA1, &chunk))
	{
		keyid = identification_create_from_encoding(ID_KEY_ID, chunk);
		private = lib->credmgr->get_private(lib->credmgr,
									public->get_type(public), keyid, NULL);
		keyid->destroy(keyid);
	}
	public->destroy(public);
	DESTROY_IF(private);
	return private != NULL;
}

/**
 * A trusted CA certificate of the subject
 */
static bool has_ca(vpndiag_check_env_t *this, identification_t *subject)
{
	certificate_t *cert;

	cert = lib->credmgr->get_cert(lib->credmgr, CERT_X509, KEY_ANY, subject,
								  TRUE);
	DESTROY_IF(cert);
	return cert != NULL;
}

static time_t now(vpndiag_check_env_t *this)
{
	return time(NULL);
}

/**
 * The environment
 */
static vpndiag_check_env_t env = {
	.algorithm_available = algorithm_available,
	.is_local = is_local,
	.has_route = has_route,
	.has_shared_key = has_shared_key,
	.get_cert = get_cert,
	.has_private_key = has_private_key,
	.has_ca = has_ca,
	.now = now,
};

/*
 * Described in header
 */
vpndiag_check_env_t *vpndiag_check_env_charon(void)
{
	return &env;
}

"""Which network addresses a fetch named by a remote catalog may reach.

A store's products.json is someone else's data: without a check, an image `src`
or a redirect could point the studio at the producer's router, a cloud metadata
service (169.254.169.254) or a port on their own machine. The rule: a private,
loopback or link-local address is reachable only at the exact host:port the
producer named themselves (the store URL they typed, or a URL in their own file).
Addresses are checked after connecting, on the peer the socket really reached, so
a DNS name that changes its answer between lookups gains nothing.
"""

from __future__ import annotations

import ipaddress


def non_public_reason(address: str) -> str | None:
    """"loopback", "private", "link-local"... for an address that is not on the public
    internet; None for a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_ADDRESS_SPACE):
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)


def refusal(netloc: str, peer_address: str, trusted_netloc: str | None) -> str | None:
    """Why connecting to `peer_address` for `netloc` is refused, or None when it is allowed."""
    reason = non_public_reason(peer_address)
    if reason is None or (trusted_netloc is not None and netloc.lower() == trusted_netloc.lower()):
        return None
    return (
        f"{netloc} is a {reason} address ({peer_address}); refused, because only the address "
        "the producer typed may be on a private network"
    )

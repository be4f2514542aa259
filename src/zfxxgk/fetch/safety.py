"""Which addresses a crawl may connect to, checked where the socket is made.

A column page may link or redirect anywhere, including the cloud metadata service (169.254.169.254) or
an intranet host, and a name may resolve to one of those. So the check is made on the address itself,
when the socket for it is created: after DNS, for IP literals too, on the first request and after every
redirect. Nothing can reach the network without passing it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
SocketFactory = Callable[[tuple[Any, ...]], socket.socket]
SCHEMES = ("http", "https")


class AddressRefused(OSError):
    """A connection the policy forbids; an OSError so the HTTP client reports it as a connection error."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"{address}：{reason}")
        self.address = address
        self.reason = reason


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The word for a non-public address, or None for a public one."""
    for attribute, word in (
        ("is_unspecified", "未指定地址"),
        ("is_loopback", "本机回环地址"),
        ("is_link_local", "链路本地地址"),
        ("is_multicast", "组播地址"),
        ("is_private", "内网地址"),
        ("is_reserved", "保留地址"),
    ):
        if getattr(ip, attribute):
            return word
    return None if ip.is_global else "非公网地址"


@dataclass(frozen=True, slots=True)
class NetworkPolicy:
    """Public addresses only, unless `allow_private` (intranet deployments); `only`, when given, is the
    complete list of networks allowed (an intranet crawl that must stay on its own networks, or tests)."""

    allow_private: bool = False
    only: tuple[IPNetwork, ...] = ()

    @classmethod
    def of(cls, allow_private: bool = False, only: Sequence[str] = ()) -> NetworkPolicy:
        return cls(allow_private, tuple(ipaddress.ip_network(n, strict=False) for n in only))

    def refusal(self, address: str) -> str | None:
        """Why a connection to `address` is refused, or None when it is allowed."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if self.only:
            return None if any(ip in network for network in self.only) else "不在允许的网段内"
        kind = _kind(ip)
        if kind is None or self.allow_private and not ip.is_unspecified:
            return None
        return f"{kind}，已拒绝（内网部署请加 --allow-private）"

    def guarded(self, make: SocketFactory | None = None) -> SocketFactory:
        """A socket factory for the HTTP client that refuses forbidden addresses before any socket exists."""

        def factory(addr_info: tuple[Any, ...]) -> socket.socket:
            family, kind, proto, _name, sockaddr = addr_info
            reason = self.refusal(sockaddr[0])
            if reason is not None:
                raise AddressRefused(sockaddr[0], reason)
            if make is not None:
                return make(addr_info)
            return socket.socket(family, kind, proto)

        return factory

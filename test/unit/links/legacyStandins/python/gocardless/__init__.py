"""Test stand-in for the link-building part of gocardless 0.5.3 (see ../../README.md).

Only what the link builder's snippet calls, written with the standard library.
"""
import base64
import datetime
import hashlib
import hmac
import os
from urllib.parse import quote

environment = "production"
client = None
BASE_URLS = {"production": "https://gocardless.com", "sandbox": "https://sandbox.gocardless.com"}


def _encode(value):
    return quote(str(value).encode("utf-8"), "~")


def _pairs(value, ns):
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _pairs(v, "{0}[{1}]".format(ns, k) if ns else k)]
    return [(_encode(ns), _encode(value))]


def _query(params):
    return "&".join("{0}={1}".format(k, v) for k, v in sorted(_pairs(params, None)))


def _positive(amount):
    if not amount > 0:  # a str raises TypeError here in Python 3, as in the library
        raise ValueError("amount must be positive")


def _future(date):
    if date is not None and (date - datetime.datetime.now()).total_seconds() < 0:
        raise ValueError("dates must be in the future")


def _iso_z(date):
    return date.isoformat()[:-7] + "Z" if date else None


class Client(object):
    base_url = None

    def __init__(self, app_id, app_secret, access_token=None, merchant_id=None):
        self._app_id = app_id
        self._app_secret = app_secret
        self._merchant_id = merchant_id

    @classmethod
    def get_base_url(cls):
        return cls.base_url or BASE_URLS[environment]

    def _url(self, plural, resource, redirect_uri, cancel_uri, state):
        params = {plural[:-1]: dict((k, v) for k, v in resource.items() if v)}
        for key, value in (("state", state), ("redirect_uri", redirect_uri), ("cancel_uri", cancel_uri)):
            if value:
                params[key] = value
        params["client_id"] = self._app_id
        params["timestamp"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        params["nonce"] = base64.b64encode(os.urandom(40)).decode()
        params["signature"] = hmac.new(self._app_secret.encode(), _query(params).encode(), hashlib.sha256).hexdigest()
        return "{0}/connect/{1}/new?{2}".format(self.get_base_url(), plural, _query(params))

    def new_bill_url(self, amount, name=None, description=None, redirect_uri=None, cancel_uri=None, state=None,
                     user=None, currency=None):
        _positive(amount)
        resource = dict(amount=amount, merchant_id=self._merchant_id, name=name, description=description, user=user,
                        currency=currency)
        return self._url("bills", resource, redirect_uri, cancel_uri, state)

    def new_subscription_url(self, amount, interval_length, interval_unit, name=None, description=None,
                             interval_count=None, start_at=None, expires_at=None, redirect_uri=None, cancel_uri=None,
                             state=None, user=None, setup_fee=None, currency=None):
        _positive(amount)
        _future(start_at)
        _future(expires_at)
        if interval_count is not None and interval_count < 0:
            raise ValueError("interval_count must be positive")
        resource = dict(amount=amount, merchant_id=self._merchant_id, interval_length=int(interval_length),
                        interval_unit=interval_unit, name=name, description=description, interval_count=interval_count,
                        start_at=_iso_z(start_at), expires_at=_iso_z(expires_at), user=user, setup_fee=setup_fee,
                        currency=currency)
        return self._url("subscriptions", resource, redirect_uri, cancel_uri, state)

    def new_preauthorization_url(self, max_amount, interval_length, interval_unit, expires_at=None, name=None,
                                 description=None, interval_count=None, calendar_intervals=None, redirect_uri=None,
                                 cancel_uri=None, state=None, user=None, setup_fee=None, currency=None):
        _positive(max_amount)
        _future(expires_at)
        if interval_count is not None and interval_count < 0:
            raise ValueError("interval_count must be positive")
        # expires_at stays a datetime: it reaches the query as str(datetime).
        resource = dict(merchant_id=self._merchant_id, name=name, description=description,
                        interval_count=interval_count, interval_unit=interval_unit,
                        interval_length=int(interval_length), max_amount=max_amount,
                        calendar_intervals=calendar_intervals, expires_at=expires_at, user=user, setup_fee=setup_fee,
                        currency=currency)
        return self._url("pre_authorizations", resource, redirect_uri, cancel_uri, state)

    new_pre_authorization_url = new_preauthorization_url


def set_details(app_id=None, app_secret=None, access_token=None, merchant_id=None):
    global client
    client = Client(app_id, app_secret, access_token=access_token, merchant_id=merchant_id)

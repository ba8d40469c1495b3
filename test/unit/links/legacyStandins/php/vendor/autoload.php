<?php
// Test stand-in for the link-building part of gocardless-legacy-php 0.4.2 (see ../../README.md).
// Only what the link builder's snippet calls, written with the standard library.

class GoCardless_Client {
  public static $base_urls = array('production' => 'https://gocardless.com', 'sandbox' => 'https://sandbox.gocardless.com');
  private $details;
  private $base_url;

  public function __construct($details) {
    $this->details = $details;
    if (!isset(GoCardless::$environment)) GoCardless::$environment = 'sandbox';
    $this->base_url = isset($details['base_url']) ? $details['base_url'] : self::$base_urls[GoCardless::$environment];
  }

  public function new_limit_url($type, $params) {
    $params['merchant_id'] = $this->details['merchant_id'];
    $request = array();
    foreach (array('redirect_uri', 'cancel_uri', 'state') as $key) {
      if (isset($params[$key])) {
        $request[$key] = $params[$key];
        unset($params[$key]);
      }
    }
    $numbers = '';
    for ($n = 1; $n <= 45; $n++) $numbers .= rand(1, 256);
    $request = array_merge($request, array($type => $params), array(
      'client_id' => $this->details['app_id'],
      'nonce' => base64_encode($numbers),
      'timestamp' => gmdate('Y-m-d\TH:i:s\Z'),
    ));
    $request['signature'] = hash_hmac('sha256', self::query($request), $this->details['app_secret']);
    return $this->base_url . '/connect/' . $type . 's/new?' . self::query($request);
  }

  private static function pairs($value, $ns, &$out) {
    if (is_array($value)) {
      foreach ($value as $k => $v) self::pairs($v, $ns === null ? $k : $ns . "[$k]", $out);
    } else {
      $out[] = array(rawurlencode($ns), rawurlencode($value));
    }
  }

  private static function query($params) {
    $out = array();
    self::pairs($params, null, $out);
    usort($out, function ($a, $b) {
      $keys = strcmp($a[0], $b[0]);
      return $keys !== 0 ? $keys : strcmp($a[1], $b[1]);
    });
    return implode('&', array_map(function ($p) { return $p[0] . '=' . $p[1]; }, $out));
  }
}

class GoCardless {
  public static $environment;
  public static $client;

  public static function set_account_details($details) { self::$client = new GoCardless_Client($details); }
  public static function new_bill_url($params) { return self::$client->new_limit_url('bill', $params); }
  public static function new_subscription_url($params) { return self::$client->new_limit_url('subscription', $params); }
  public static function new_pre_authorization_url($params) { return self::$client->new_limit_url('pre_authorization', $params); }
}

# Test stand-in for the link-building part of the gocardless 1.13.0 gem (see ../README.md).
# Only what the link builder's snippet calls, written with the standard library.
require 'base64'
require 'openssl'

module GoCardless
  class Client
    BASE_URLS = { production: 'https://gocardless.com', sandbox: 'https://sandbox.gocardless.com' }.freeze

    class << self
      attr_writer :base_url

      def base_url
        @base_url || BASE_URLS[GoCardless.environment || :production]
      end
    end

    def initialize(details)
      @app_id = details.fetch(:app_id)
      @app_secret = details.fetch(:app_secret)
      @merchant_id = details[:merchant_id]
    end

    def new_subscription_url(params) = new_limit_url(:subscription, params)
    def new_pre_authorization_url(params) = new_limit_url(:pre_authorization, params)
    def new_bill_url(params) = new_limit_url(:bill, params)

    private

    def new_limit_url(type, limit_params)
      limit_params = limit_params.merge(merchant_id: @merchant_id)
      extras = %i[redirect_uri cancel_uri state].to_h { |k| [k, limit_params.delete(k)] }.compact
      params = {
        nonce: Base64.encode64(Random.new.bytes(45)).strip,
        timestamp: Time.now.getutc.strftime('%Y-%m-%dT%H:%M:%SZ'),
        client_id: @app_id,
        type => limit_params,
      }.merge(extras)
      params[:signature] = OpenSSL::HMAC.hexdigest('sha256', @app_secret, normalize(params))
      "#{self.class.base_url}/connect/#{type}s/new?#{normalize(params)}"
    end

    def flatten(obj, ns = nil)
      case obj
      when Hash then obj.flat_map { |k, v| flatten(v, ns ? "#{ns}[#{k}]" : k.to_s) }
      when Time then [[ns, obj.getutc.strftime('%Y-%m-%dT%H:%M:%SZ')]]
      else [[ns, obj.to_s]]
      end
    end

    def encode(text)
      text.to_s.b.gsub(/[^a-zA-Z0-9\-._~]/n) { |c| format('%%%02X', c.ord) }
    end

    # Sorted before encoding, as the gem does.
    def normalize(params)
      flatten(params).sort.map { |pair| pair.map { |x| encode(x) }.join('=') }.join('&')
    end
  end

  class << self
    attr_reader :environment, :client

    def environment=(env)
      raise ArgumentError, 'environment must be :production or :sandbox' unless env.nil? || Client::BASE_URLS.key?(env)

      @environment = env
    end

    def account_details=(details)
      raise ArgumentError, 'You must provide a token' unless details[:token]

      @client = Client.new(details)
    end

    %i[new_subscription_url new_pre_authorization_url new_bill_url].each do |name|
      define_method(name) { |*args| @client.public_send(name, *args) }
    end
  end
end

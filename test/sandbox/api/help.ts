// help.*: what a client asks right after connecting.
import type { CallContext, MethodModule } from '../rpc/method-registry'

/** How long a client may cache help.getConfig, as Telegram's `expires` suggests (about an hour). */
const CONFIG_LIFETIME_SECONDS = 3600

function getConfig(_request: unknown, context: CallContext) {
  const now = context.world.clock.nowSeconds()
  return {
    _: 'config',
    date: now,
    expires: now + CONFIG_LIFETIME_SECONDS,
    test_mode: false,
    this_dc: context.dcId,
    dc_options: context.world.dcs.map((dc) => ({ _: 'dcOption', id: dc.id, ip_address: dc.host, port: dc.port })),
    dc_txt_domain_name: 'sandbox.invalid',
    chat_size_max: 200,
    megagroup_size_max: 200000,
    forwarded_count_max: 100,
    online_update_period_ms: 210000,
    offline_blur_timeout_ms: 5000,
    offline_idle_timeout_ms: 30000,
    online_cloud_timeout_ms: 300000,
    notify_cloud_delay_ms: 30000,
    notify_default_delay_ms: 1500,
    push_chat_period_ms: 60000,
    push_chat_limit: 2,
    edit_time_limit: 172800,
    revoke_time_limit: 2147483647,
    revoke_pm_time_limit: 2147483647,
    rating_e_decay: 2419200,
    stickers_recent_limit: 200,
    channels_read_media_period: 604800,
    call_receive_timeout_ms: 20000,
    call_ring_timeout_ms: 90000,
    call_connect_timeout_ms: 30000,
    call_packet_timeout_ms: 10000,
    me_url_prefix: 'https://t.me/',
    caption_length_max: 1024,
    message_length_max: 4096,
    webfile_dc_id: context.world.dcs[0]?.id ?? context.dcId,
  }
}

function getNearestDc(_request: unknown, context: CallContext) {
  // Every sandbox DC is on loopback, so none is nearer than the one already in use.
  return { _: 'nearestDc', country: 'ZZ', this_dc: context.dcId, nearest_dc: context.dcId }
}

export const helpMethods: MethodModule = {
  'help.getConfig': getConfig,
  'help.getNearestDc': getNearestDc,
}

import { describeProviderConformance } from '../helpers/provider-conformance.js';
import { startWechatpaySimulator } from '../helpers/simulators/wechatpay.js';

/** WeChat Pay v3 (Native) against an API simulator on 127.0.0.1 (issue 6): the whole conformance suite… */
describeProviderConformance('wechatpay', (app) => startWechatpaySimulator(app));

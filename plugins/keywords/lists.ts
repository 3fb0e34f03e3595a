/**
 * Default keyword lists, Chinese and English together (matching is by substring, case-insensitive,
 * so Chinese needs no word splitting). Category keys are the base preset's level-1 categories.
 */
export const defaultCategories: Record<string, string[]> = {
  fault: ['error', 'bug', 'crash', 'broken', 'not working', 'failed', 'fails', 'cannot', "can't", '报错', '故障', '崩溃', '失败', '无法', '打不开', '异常'],
  complaint: ['complaint', 'complain', 'rude', 'unacceptable', 'terrible service', '投诉', '态度差', '不满', '差评'],
  'after-sales': ['return', 'exchange', 'repair', 'warranty', 'refund', '退货', '换货', '维修', '保修', '退款'],
  order: ['order', 'delivery', 'shipping', 'shipment', 'address', 'tracking', '订单', '发货', '物流', '快递', '地址'],
  requirement: ['feature request', 'please add', 'would be nice', 'suggest', '建议', '希望增加', '新功能', '需求'],
  inquiry: ['how do i', 'how to', 'where can', 'what is', 'question', '怎么', '如何', '请问', '咨询'],
};

export const defaultSentiment = {
  negative: ['angry', 'furious', 'terrible', 'awful', 'worst', 'disappointed', 'unacceptable', 'ridiculous', 'useless', 'scam', '生气', '愤怒', '太差', '垃圾', '失望', '无法接受', '坑', '骗', '气死'],
  positive: ['thank', 'thanks', 'great', 'love', 'awesome', 'appreciate', 'excellent', '谢谢', '感谢', '满意', '很好', '点赞', '赞'],
};

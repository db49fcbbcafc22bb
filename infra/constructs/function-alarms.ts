/**
 * How the functions' errors and throttles are watched. 'account' (the default profile): one Errors and one Throttles
 * alarm over every function of the account and region (AWS/Lambda without dimensions); the dashboard's errors and
 * throttles widget shows which function, and `newshound doctor` names what is stuck. 'per-function'
 * (`-c functionAlarms=per-function`): an Errors and a Throttles alarm for each function, naming its log group, 22
 * alarms more (about $2.20 a month at $0.10 an alarm beyond the free 10). An account that runs other Lambda functions
 * wants 'per-function': their errors would raise the account-wide alarm too.
 */
export type FunctionAlarms = 'per-function' | 'account';

export const FUNCTION_ALARMS_MODES: readonly FunctionAlarms[] = ['account', 'per-function'];

export const DEFAULT_FUNCTION_ALARMS: FunctionAlarms = 'account';

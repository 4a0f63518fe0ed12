/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"connectionString":{"minLength":1,"description":"Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution","type":"string"},"namespace":{"minLength":1,"description":"<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string","type":"string"},"clientId":{"minLength":1,"description":"With namespace: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)","type":"string"},"maxMessageBytes":{"minimum":1024,"maximum":104857600,"description":"Largest message body (default 262144, the standard tier; premium allows more)","type":"integer"},"maxConcurrentSessions":{"minimum":1,"maximum":1000,"description":"Sessions (ordering keys) held at once per session-enabled queue or subscription, each with one message in flight (default 8)","type":"integer"},"replyQueue":{"minLength":1,"maxLength":260,"description":"Session-enabled queue that carries every request/reply answer on the namespace, each caller reading its own session (default outrigger-replies)","type":"string"},"lockRenewalMaxMs":{"minimum":0,"maximum":86400000,"description":"A message (or session) lock is never renewed beyond this long after the message was received (default 300000)","type":"integer"},"maxReceiversPerInbox":{"minimum":1,"maximum":64,"description":"Concurrent receive calls per queue or subscription, one reused receiver link each (default 8)","type":"integer"},"manageEntities":{"description":"Create and update subscription rules to match the configured filters (replacing $Default); without it (default false) rules are only checked and a mismatch fails start","type":"boolean"},"receiveStallMs":{"minimum":100,"maximum":600000,"description":"A receive not returned this long after its wait ended is a stalled receiver link: aborted and replaced (default 10000)","type":"integer"},"serverBusyBackoffMs":{"minimum":0,"maximum":600000,"description":"After a ServerBusy answer, new sends and receives on the namespace fail fast with Retry-After for this long (default 10000)","type":"integer"},"expectedProcessingMs":{"minimum":1,"maximum":3600000,"description":"Expected processing time per message; one receive locks at most lockDuration / expectedProcessingMs messages (default 1000)","type":"integer"}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.connectionString !== undefined){
let data0 = data.connectionString;
if(typeof data0 !== "string"){
let dataType0 = typeof data0;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data0;
}
else if(data0 === null){
coerced0 = "";
}
else {
const err1 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.connectionString.type,parentSchema:schema11.properties.connectionString,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(coerced0 !== undefined){
data0 = coerced0;
if(data !== undefined){
data["connectionString"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func3(data0) < 1){
const err2 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.connectionString,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data.namespace !== undefined){
let data1 = data.namespace;
if(typeof data1 !== "string"){
let dataType1 = typeof data1;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data1;
}
else if(data1 === null){
coerced1 = "";
}
else {
const err3 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.namespace.type,parentSchema:schema11.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data !== undefined){
data["namespace"] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err4 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
if(data.clientId !== undefined){
let data2 = data.clientId;
if(typeof data2 !== "string"){
let dataType2 = typeof data2;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data2;
}
else if(data2 === null){
coerced2 = "";
}
else {
const err5 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.clientId.type,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["clientId"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err6 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.maxMessageBytes !== undefined){
let data3 = data.maxMessageBytes;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
let dataType3 = typeof data3;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 === "boolean" || data3 === null
              || (dataType3 === "string" && data3 && data3 == +data3 && !(data3 % 1))){
coerced3 = +data3;
}
else {
const err7 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["maxMessageBytes"] = coerced3;
}
}
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 104857600 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 104857600},message:"must be <= 104857600",schema:104857600,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data3 < 1024 || isNaN(data3)){
const err9 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data.maxConcurrentSessions !== undefined){
let data4 = data.maxConcurrentSessions;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
let dataType4 = typeof data4;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 === "boolean" || data4 === null
              || (dataType4 === "string" && data4 && data4 == +data4 && !(data4 % 1))){
coerced4 = +data4;
}
else {
const err10 = {instancePath:instancePath+"/maxConcurrentSessions",schemaPath:"#/properties/maxConcurrentSessions/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxConcurrentSessions.type,parentSchema:schema11.properties.maxConcurrentSessions,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(coerced4 !== undefined){
data4 = coerced4;
if(data !== undefined){
data["maxConcurrentSessions"] = coerced4;
}
}
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 1000 || isNaN(data4)){
const err11 = {instancePath:instancePath+"/maxConcurrentSessions",schemaPath:"#/properties/maxConcurrentSessions/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.maxConcurrentSessions,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err12 = {instancePath:instancePath+"/maxConcurrentSessions",schemaPath:"#/properties/maxConcurrentSessions/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.maxConcurrentSessions,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
if(data.replyQueue !== undefined){
let data5 = data.replyQueue;
if(typeof data5 !== "string"){
let dataType5 = typeof data5;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 == "number" || dataType5 == "boolean"){
coerced5 = "" + data5;
}
else if(data5 === null){
coerced5 = "";
}
else {
const err13 = {instancePath:instancePath+"/replyQueue",schemaPath:"#/properties/replyQueue/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.replyQueue.type,parentSchema:schema11.properties.replyQueue,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(coerced5 !== undefined){
data5 = coerced5;
if(data !== undefined){
data["replyQueue"] = coerced5;
}
}
}
if(typeof data5 === "string"){
if(func3(data5) > 260){
const err14 = {instancePath:instancePath+"/replyQueue",schemaPath:"#/properties/replyQueue/maxLength",keyword:"maxLength",params:{limit: 260},message:"must NOT have more than 260 characters",schema:260,parentSchema:schema11.properties.replyQueue,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(func3(data5) < 1){
const err15 = {instancePath:instancePath+"/replyQueue",schemaPath:"#/properties/replyQueue/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.replyQueue,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
if(data.lockRenewalMaxMs !== undefined){
let data6 = data.lockRenewalMaxMs;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
let dataType6 = typeof data6;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data6 === null
              || (dataType6 === "string" && data6 && data6 == +data6 && !(data6 % 1))){
coerced6 = +data6;
}
else {
const err16 = {instancePath:instancePath+"/lockRenewalMaxMs",schemaPath:"#/properties/lockRenewalMaxMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.lockRenewalMaxMs.type,parentSchema:schema11.properties.lockRenewalMaxMs,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(coerced6 !== undefined){
data6 = coerced6;
if(data !== undefined){
data["lockRenewalMaxMs"] = coerced6;
}
}
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 86400000 || isNaN(data6)){
const err17 = {instancePath:instancePath+"/lockRenewalMaxMs",schemaPath:"#/properties/lockRenewalMaxMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 86400000},message:"must be <= 86400000",schema:86400000,parentSchema:schema11.properties.lockRenewalMaxMs,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data6 < 0 || isNaN(data6)){
const err18 = {instancePath:instancePath+"/lockRenewalMaxMs",schemaPath:"#/properties/lockRenewalMaxMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.lockRenewalMaxMs,data:data6};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
if(data.maxReceiversPerInbox !== undefined){
let data7 = data.maxReceiversPerInbox;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
let dataType7 = typeof data7;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 === "boolean" || data7 === null
              || (dataType7 === "string" && data7 && data7 == +data7 && !(data7 % 1))){
coerced7 = +data7;
}
else {
const err19 = {instancePath:instancePath+"/maxReceiversPerInbox",schemaPath:"#/properties/maxReceiversPerInbox/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxReceiversPerInbox.type,parentSchema:schema11.properties.maxReceiversPerInbox,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(coerced7 !== undefined){
data7 = coerced7;
if(data !== undefined){
data["maxReceiversPerInbox"] = coerced7;
}
}
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 64 || isNaN(data7)){
const err20 = {instancePath:instancePath+"/maxReceiversPerInbox",schemaPath:"#/properties/maxReceiversPerInbox/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema11.properties.maxReceiversPerInbox,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err21 = {instancePath:instancePath+"/maxReceiversPerInbox",schemaPath:"#/properties/maxReceiversPerInbox/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.maxReceiversPerInbox,data:data7};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
if(data.manageEntities !== undefined){
let data8 = data.manageEntities;
if(typeof data8 !== "boolean"){
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(data8 === "false" || data8 === 0 || data8 === null){
coerced8 = false;
}
else if(data8 === "true" || data8 === 1){
coerced8 = true;
}
else {
const err22 = {instancePath:instancePath+"/manageEntities",schemaPath:"#/properties/manageEntities/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.manageEntities.type,parentSchema:schema11.properties.manageEntities,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(coerced8 !== undefined){
data8 = coerced8;
if(data !== undefined){
data["manageEntities"] = coerced8;
}
}
}
}
if(data.receiveStallMs !== undefined){
let data9 = data.receiveStallMs;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
let dataType9 = typeof data9;
let coerced9 = undefined;
if(!(coerced9 !== undefined)){
if(dataType9 === "boolean" || data9 === null
              || (dataType9 === "string" && data9 && data9 == +data9 && !(data9 % 1))){
coerced9 = +data9;
}
else {
const err23 = {instancePath:instancePath+"/receiveStallMs",schemaPath:"#/properties/receiveStallMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.receiveStallMs.type,parentSchema:schema11.properties.receiveStallMs,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(coerced9 !== undefined){
data9 = coerced9;
if(data !== undefined){
data["receiveStallMs"] = coerced9;
}
}
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 600000 || isNaN(data9)){
const err24 = {instancePath:instancePath+"/receiveStallMs",schemaPath:"#/properties/receiveStallMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.receiveStallMs,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data9 < 100 || isNaN(data9)){
const err25 = {instancePath:instancePath+"/receiveStallMs",schemaPath:"#/properties/receiveStallMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.receiveStallMs,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
if(data.serverBusyBackoffMs !== undefined){
let data10 = data.serverBusyBackoffMs;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
let dataType10 = typeof data10;
let coerced10 = undefined;
if(!(coerced10 !== undefined)){
if(dataType10 === "boolean" || data10 === null
              || (dataType10 === "string" && data10 && data10 == +data10 && !(data10 % 1))){
coerced10 = +data10;
}
else {
const err26 = {instancePath:instancePath+"/serverBusyBackoffMs",schemaPath:"#/properties/serverBusyBackoffMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.serverBusyBackoffMs.type,parentSchema:schema11.properties.serverBusyBackoffMs,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(coerced10 !== undefined){
data10 = coerced10;
if(data !== undefined){
data["serverBusyBackoffMs"] = coerced10;
}
}
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 600000 || isNaN(data10)){
const err27 = {instancePath:instancePath+"/serverBusyBackoffMs",schemaPath:"#/properties/serverBusyBackoffMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.serverBusyBackoffMs,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data10 < 0 || isNaN(data10)){
const err28 = {instancePath:instancePath+"/serverBusyBackoffMs",schemaPath:"#/properties/serverBusyBackoffMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.serverBusyBackoffMs,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
if(data.expectedProcessingMs !== undefined){
let data11 = data.expectedProcessingMs;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
let dataType11 = typeof data11;
let coerced11 = undefined;
if(!(coerced11 !== undefined)){
if(dataType11 === "boolean" || data11 === null
              || (dataType11 === "string" && data11 && data11 == +data11 && !(data11 % 1))){
coerced11 = +data11;
}
else {
const err29 = {instancePath:instancePath+"/expectedProcessingMs",schemaPath:"#/properties/expectedProcessingMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.expectedProcessingMs.type,parentSchema:schema11.properties.expectedProcessingMs,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(coerced11 !== undefined){
data11 = coerced11;
if(data !== undefined){
data["expectedProcessingMs"] = coerced11;
}
}
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 3600000 || isNaN(data11)){
const err30 = {instancePath:instancePath+"/expectedProcessingMs",schemaPath:"#/properties/expectedProcessingMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 3600000},message:"must be <= 3600000",schema:3600000,parentSchema:schema11.properties.expectedProcessingMs,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err31 = {instancePath:instancePath+"/expectedProcessingMs",schemaPath:"#/properties/expectedProcessingMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.expectedProcessingMs,data:data11};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
}
else {
const err32 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"connectionString\":{\"minLength\":1,\"description\":\"Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution\",\"type\":\"string\"},\"namespace\":{\"minLength\":1,\"description\":\"<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string\",\"type\":\"string\"},\"clientId\":{\"minLength\":1,\"description\":\"With namespace: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)\",\"type\":\"string\"},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":104857600,\"description\":\"Largest message body (default 262144, the standard tier; premium allows more)\",\"type\":\"integer\"},\"maxConcurrentSessions\":{\"minimum\":1,\"maximum\":1000,\"description\":\"Sessions (ordering keys) held at once per session-enabled queue or subscription, each with one message in flight (default 8)\",\"type\":\"integer\"},\"replyQueue\":{\"minLength\":1,\"maxLength\":260,\"description\":\"Session-enabled queue that carries every request/reply answer on the namespace, each caller reading its own session (default outrigger-replies)\",\"type\":\"string\"},\"lockRenewalMaxMs\":{\"minimum\":0,\"maximum\":86400000,\"description\":\"A message (or session) lock is never renewed beyond this long after the message was received (default 300000)\",\"type\":\"integer\"},\"maxReceiversPerInbox\":{\"minimum\":1,\"maximum\":64,\"description\":\"Concurrent receive calls per queue or subscription, one reused receiver link each (default 8)\",\"type\":\"integer\"},\"manageEntities\":{\"description\":\"Create and update subscription rules to match the configured filters (replacing $Default); without it (default false) rules are only checked and a mismatch fails start\",\"type\":\"boolean\"},\"receiveStallMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"A receive not returned this long after its wait ended is a stalled receiver link: aborted and replaced (default 10000)\",\"type\":\"integer\"},\"serverBusyBackoffMs\":{\"minimum\":0,\"maximum\":600000,\"description\":\"After a ServerBusy answer, new sends and receives on the namespace fail fast with Retry-After for this long (default 10000)\",\"type\":\"integer\"},\"expectedProcessingMs\":{\"minimum\":1,\"maximum\":3600000,\"description\":\"Expected processing time per message; one receive locks at most lockDuration / expectedProcessingMs messages (default 1000)\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;

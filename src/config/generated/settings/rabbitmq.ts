/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"url":{"minLength":1,"description":"amqp:// or amqps:// URL of the server, with user, password and vhost (default amqp://guest:guest@127.0.0.1:5672); use ${ENV} substitution for the password","type":"string"},"queueType":{"description":"Type of the queues the driver declares (default quorum); quorum queues count deliveries themselves (x-delivery-count)","anyOf":[{"const":"quorum","type":"string"},{"const":"classic","type":"string"}]},"maxMessageBytes":{"minimum":1024,"maximum":536870912,"description":"Largest body accepted (default 134217728, RabbitMQ's default max_message_size)","type":"integer"},"connectTimeoutMs":{"minimum":100,"maximum":600000,"description":"How long connect, and an operation while the connection is re-established, wait for the server (default 5000)","type":"integer"},"heartbeatSeconds":{"minimum":1,"maximum":600,"description":"AMQP heartbeat interval (default 10); a connection that stays silent for about twice this long is dropped and re-established (the server may ask for a shorter one)","type":"integer"},"keyQueues":{"minimum":1,"maximum":64,"description":"Queues an ordered queue's keyed messages are spread over by a hash of their ordering key, each read by one sidecar at a time (default 8); every sidecar of a queue must use the same number","type":"integer"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "url") || (key0 === "queueType")) || (key0 === "maxMessageBytes")) || (key0 === "connectTimeoutMs")) || (key0 === "heartbeatSeconds")) || (key0 === "keyQueues"))){
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
if(data.url !== undefined){
let data0 = data.url;
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
const err1 = {instancePath:instancePath+"/url",schemaPath:"#/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.url.type,parentSchema:schema11.properties.url,data:data0};
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
data["url"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/url",schemaPath:"#/properties/url/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.url,data:data0};
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
if(data.queueType !== undefined){
let data1 = data.queueType;
const _errs5 = errors;
let valid1 = false;
const _errs6 = errors;
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
const err3 = {instancePath:instancePath+"/queueType",schemaPath:"#/properties/queueType/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.queueType.anyOf[0].type,parentSchema:schema11.properties.queueType.anyOf[0],data:data1};
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
data["queueType"] = coerced1;
}
}
}
if("quorum" !== data1){
const err4 = {instancePath:instancePath+"/queueType",schemaPath:"#/properties/queueType/anyOf/0/const",keyword:"const",params:{allowedValue: "quorum"},message:"must be equal to constant",schema:"quorum",parentSchema:schema11.properties.queueType.anyOf[0],data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs8 = errors;
if(typeof data1 !== "string"){
let dataType2 = typeof data1;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data1;
}
else if(data1 === null){
coerced2 = "";
}
else {
const err5 = {instancePath:instancePath+"/queueType",schemaPath:"#/properties/queueType/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.queueType.anyOf[1].type,parentSchema:schema11.properties.queueType.anyOf[1],data:data1};
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
data1 = coerced2;
if(data !== undefined){
data["queueType"] = coerced2;
}
}
}
if("classic" !== data1){
const err6 = {instancePath:instancePath+"/queueType",schemaPath:"#/properties/queueType/anyOf/1/const",keyword:"const",params:{allowedValue: "classic"},message:"must be equal to constant",schema:"classic",parentSchema:schema11.properties.queueType.anyOf[1],data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs8 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err7 = {instancePath:instancePath+"/queueType",schemaPath:"#/properties/queueType/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.queueType.anyOf,parentSchema:schema11.properties.queueType,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs5;
if(vErrors !== null){
if(_errs5){
vErrors.length = _errs5;
}
else {
vErrors = null;
}
}
}
}
if(data.maxMessageBytes !== undefined){
let data2 = data.maxMessageBytes;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
let dataType3 = typeof data2;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 === "boolean" || data2 === null
              || (dataType3 === "string" && data2 && data2 == +data2 && !(data2 % 1))){
coerced3 = +data2;
}
else {
const err8 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(coerced3 !== undefined){
data2 = coerced3;
if(data !== undefined){
data["maxMessageBytes"] = coerced3;
}
}
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 536870912 || isNaN(data2)){
const err9 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 536870912},message:"must be <= 536870912",schema:536870912,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data2 < 1024 || isNaN(data2)){
const err10 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.connectTimeoutMs !== undefined){
let data3 = data.connectTimeoutMs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
let dataType4 = typeof data3;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 === "boolean" || data3 === null
              || (dataType4 === "string" && data3 && data3 == +data3 && !(data3 % 1))){
coerced4 = +data3;
}
else {
const err11 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.connectTimeoutMs.type,parentSchema:schema11.properties.connectTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(coerced4 !== undefined){
data3 = coerced4;
if(data !== undefined){
data["connectTimeoutMs"] = coerced4;
}
}
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 600000 || isNaN(data3)){
const err12 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.connectTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data3 < 100 || isNaN(data3)){
const err13 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.connectTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
if(data.heartbeatSeconds !== undefined){
let data4 = data.heartbeatSeconds;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
let dataType5 = typeof data4;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 === "boolean" || data4 === null
              || (dataType5 === "string" && data4 && data4 == +data4 && !(data4 % 1))){
coerced5 = +data4;
}
else {
const err14 = {instancePath:instancePath+"/heartbeatSeconds",schemaPath:"#/properties/heartbeatSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.heartbeatSeconds.type,parentSchema:schema11.properties.heartbeatSeconds,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(coerced5 !== undefined){
data4 = coerced5;
if(data !== undefined){
data["heartbeatSeconds"] = coerced5;
}
}
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 600 || isNaN(data4)){
const err15 = {instancePath:instancePath+"/heartbeatSeconds",schemaPath:"#/properties/heartbeatSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600},message:"must be <= 600",schema:600,parentSchema:schema11.properties.heartbeatSeconds,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err16 = {instancePath:instancePath+"/heartbeatSeconds",schemaPath:"#/properties/heartbeatSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.heartbeatSeconds,data:data4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.keyQueues !== undefined){
let data5 = data.keyQueues;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
let dataType6 = typeof data5;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data5 === null
              || (dataType6 === "string" && data5 && data5 == +data5 && !(data5 % 1))){
coerced6 = +data5;
}
else {
const err17 = {instancePath:instancePath+"/keyQueues",schemaPath:"#/properties/keyQueues/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.keyQueues.type,parentSchema:schema11.properties.keyQueues,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(coerced6 !== undefined){
data5 = coerced6;
if(data !== undefined){
data["keyQueues"] = coerced6;
}
}
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 64 || isNaN(data5)){
const err18 = {instancePath:instancePath+"/keyQueues",schemaPath:"#/properties/keyQueues/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema11.properties.keyQueues,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data5 < 1 || isNaN(data5)){
const err19 = {instancePath:instancePath+"/keyQueues",schemaPath:"#/properties/keyQueues/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.keyQueues,data:data5};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
}
else {
const err20 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"url\":{\"minLength\":1,\"description\":\"amqp:// or amqps:// URL of the server, with user, password and vhost (default amqp://guest:guest@127.0.0.1:5672); use ${ENV} substitution for the password\",\"type\":\"string\"},\"queueType\":{\"description\":\"Type of the queues the driver declares (default quorum); quorum queues count deliveries themselves (x-delivery-count)\",\"anyOf\":[{\"const\":\"quorum\",\"type\":\"string\"},{\"const\":\"classic\",\"type\":\"string\"}]},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":536870912,\"description\":\"Largest body accepted (default 134217728, RabbitMQ's default max_message_size)\",\"type\":\"integer\"},\"connectTimeoutMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How long connect, and an operation while the connection is re-established, wait for the server (default 5000)\",\"type\":\"integer\"},\"heartbeatSeconds\":{\"minimum\":1,\"maximum\":600,\"description\":\"AMQP heartbeat interval (default 10); a connection that stays silent for about twice this long is dropped and re-established (the server may ask for a shorter one)\",\"type\":\"integer\"},\"keyQueues\":{\"minimum\":1,\"maximum\":64,\"description\":\"Queues an ordered queue's keyed messages are spread over by a hash of their ordering key, each read by one sidecar at a time (default 8); every sidecar of a queue must use the same number\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;

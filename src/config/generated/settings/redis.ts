/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"url":{"minLength":1,"description":"redis:// or rediss:// URL with credentials and database (default redis://127.0.0.1:6379)","type":"string"},"keyPrefix":{"description":"Prefix of every key Outrigger uses, e.g. \"app1:\" (default none: a queue is the stream of its own name)","type":"string"},"consumerGroup":{"minLength":1,"description":"Consumer group Outrigger reads every queue and subscription stream with (default outrigger)","type":"string"},"maxMessageBytes":{"minimum":1024,"maximum":536870912,"description":"Largest message (body and headers) accepted (default 1048576; Redis keeps messages in memory)","type":"integer"},"connectTimeoutMs":{"minimum":100,"maximum":600000,"description":"How long connecting may take (default 5000)","type":"integer"},"commandTimeoutMs":{"minimum":100,"maximum":600000,"description":"How long a command may wait for Redis's answer before the connection is taken for dead (half-open) and replaced (default 10000)","type":"integer"},"groupHeartbeatMs":{"minimum":10,"maximum":60000,"description":"Consumer-group heartbeat and rebalancing interval (default 1000)","type":"integer"},"groupLeaseMs":{"minimum":30,"maximum":600000,"description":"How long a silent consumer-group member keeps its partitions (default 5000; at least twice groupHeartbeatMs)","type":"integer"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((((key0 === "url") || (key0 === "keyPrefix")) || (key0 === "consumerGroup")) || (key0 === "maxMessageBytes")) || (key0 === "connectTimeoutMs")) || (key0 === "commandTimeoutMs")) || (key0 === "groupHeartbeatMs")) || (key0 === "groupLeaseMs"))){
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
if(data.keyPrefix !== undefined){
let data1 = data.keyPrefix;
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
const err3 = {instancePath:instancePath+"/keyPrefix",schemaPath:"#/properties/keyPrefix/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.keyPrefix.type,parentSchema:schema11.properties.keyPrefix,data:data1};
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
data["keyPrefix"] = coerced1;
}
}
}
}
if(data.consumerGroup !== undefined){
let data2 = data.consumerGroup;
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
const err4 = {instancePath:instancePath+"/consumerGroup",schemaPath:"#/properties/consumerGroup/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.consumerGroup.type,parentSchema:schema11.properties.consumerGroup,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["consumerGroup"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err5 = {instancePath:instancePath+"/consumerGroup",schemaPath:"#/properties/consumerGroup/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.consumerGroup,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
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
const err6 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
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
if(data3 > 536870912 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 536870912},message:"must be <= 536870912",schema:536870912,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3 < 1024 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.connectTimeoutMs !== undefined){
let data4 = data.connectTimeoutMs;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
let dataType4 = typeof data4;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 === "boolean" || data4 === null
              || (dataType4 === "string" && data4 && data4 == +data4 && !(data4 % 1))){
coerced4 = +data4;
}
else {
const err9 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.connectTimeoutMs.type,parentSchema:schema11.properties.connectTimeoutMs,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(coerced4 !== undefined){
data4 = coerced4;
if(data !== undefined){
data["connectTimeoutMs"] = coerced4;
}
}
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 600000 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.connectTimeoutMs,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data4 < 100 || isNaN(data4)){
const err11 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.connectTimeoutMs,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data.commandTimeoutMs !== undefined){
let data5 = data.commandTimeoutMs;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
let dataType5 = typeof data5;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 === "boolean" || data5 === null
              || (dataType5 === "string" && data5 && data5 == +data5 && !(data5 % 1))){
coerced5 = +data5;
}
else {
const err12 = {instancePath:instancePath+"/commandTimeoutMs",schemaPath:"#/properties/commandTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.commandTimeoutMs.type,parentSchema:schema11.properties.commandTimeoutMs,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(coerced5 !== undefined){
data5 = coerced5;
if(data !== undefined){
data["commandTimeoutMs"] = coerced5;
}
}
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 600000 || isNaN(data5)){
const err13 = {instancePath:instancePath+"/commandTimeoutMs",schemaPath:"#/properties/commandTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.commandTimeoutMs,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data5 < 100 || isNaN(data5)){
const err14 = {instancePath:instancePath+"/commandTimeoutMs",schemaPath:"#/properties/commandTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.commandTimeoutMs,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data.groupHeartbeatMs !== undefined){
let data6 = data.groupHeartbeatMs;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
let dataType6 = typeof data6;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data6 === null
              || (dataType6 === "string" && data6 && data6 == +data6 && !(data6 % 1))){
coerced6 = +data6;
}
else {
const err15 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.groupHeartbeatMs.type,parentSchema:schema11.properties.groupHeartbeatMs,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(coerced6 !== undefined){
data6 = coerced6;
if(data !== undefined){
data["groupHeartbeatMs"] = coerced6;
}
}
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 60000 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema11.properties.groupHeartbeatMs,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data6 < 10 || isNaN(data6)){
const err17 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema11.properties.groupHeartbeatMs,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data.groupLeaseMs !== undefined){
let data7 = data.groupLeaseMs;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
let dataType7 = typeof data7;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 === "boolean" || data7 === null
              || (dataType7 === "string" && data7 && data7 == +data7 && !(data7 % 1))){
coerced7 = +data7;
}
else {
const err18 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.groupLeaseMs.type,parentSchema:schema11.properties.groupLeaseMs,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(coerced7 !== undefined){
data7 = coerced7;
if(data !== undefined){
data["groupLeaseMs"] = coerced7;
}
}
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 600000 || isNaN(data7)){
const err19 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.groupLeaseMs,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data7 < 30 || isNaN(data7)){
const err20 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 30},message:"must be >= 30",schema:30,parentSchema:schema11.properties.groupLeaseMs,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
}
else {
const err21 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"url\":{\"minLength\":1,\"description\":\"redis:// or rediss:// URL with credentials and database (default redis://127.0.0.1:6379)\",\"type\":\"string\"},\"keyPrefix\":{\"description\":\"Prefix of every key Outrigger uses, e.g. \\\"app1:\\\" (default none: a queue is the stream of its own name)\",\"type\":\"string\"},\"consumerGroup\":{\"minLength\":1,\"description\":\"Consumer group Outrigger reads every queue and subscription stream with (default outrigger)\",\"type\":\"string\"},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":536870912,\"description\":\"Largest message (body and headers) accepted (default 1048576; Redis keeps messages in memory)\",\"type\":\"integer\"},\"connectTimeoutMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How long connecting may take (default 5000)\",\"type\":\"integer\"},\"commandTimeoutMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How long a command may wait for Redis's answer before the connection is taken for dead (half-open) and replaced (default 10000)\",\"type\":\"integer\"},\"groupHeartbeatMs\":{\"minimum\":10,\"maximum\":60000,\"description\":\"Consumer-group heartbeat and rebalancing interval (default 1000)\",\"type\":\"integer\"},\"groupLeaseMs\":{\"minimum\":30,\"maximum\":600000,\"description\":\"How long a silent consumer-group member keeps its partitions (default 5000; at least twice groupHeartbeatMs)\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;

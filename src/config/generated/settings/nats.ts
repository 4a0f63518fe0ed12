/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"servers":{"description":"nats:// URL of a server, or a list of them (default nats://127.0.0.1:4222)","anyOf":[{"minLength":1,"type":"string"},{"minItems":1,"type":"array","items":{"minLength":1,"type":"string"}}]},"token":{"minLength":1,"description":"Authentication token (exclusive of user/password and credentialsFile)","type":"string"},"user":{"minLength":1,"description":"User name; needs password","type":"string"},"password":{"minLength":1,"description":"Password of user","type":"string"},"credentialsFile":{"minLength":1,"description":"Path of a NATS .creds file (JWT and NKey seed)","type":"string"},"maxMessageBytes":{"minimum":1024,"maximum":67108864,"description":"Largest body accepted (default 1048576, the server's default max_payload)","type":"integer"},"replicas":{"minimum":1,"maximum":5,"description":"Replicas of the streams the driver creates (default 1)","type":"integer"},"topicDuplicateWindowMs":{"minimum":1000,"maximum":604800000,"description":"Window within which a topic event's idempotency key suppresses a republish (default 120000)","type":"integer"},"topicRetentionMs":{"minimum":60000,"maximum":31622400000,"description":"How long a topic keeps an event for subscriptions that have not taken it yet (default 604800000, 7 days)","type":"integer"},"connectTimeoutMs":{"minimum":100,"maximum":600000,"description":"How long connect waits for a server (default 5000)","type":"integer"}}};
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
if(data.servers !== undefined){
let data0 = data.servers;
const _errs3 = errors;
let valid1 = false;
const _errs4 = errors;
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
const err1 = {instancePath:instancePath+"/servers",schemaPath:"#/properties/servers/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.servers.anyOf[0].type,parentSchema:schema11.properties.servers.anyOf[0],data:data0};
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
data["servers"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func3(data0) < 1){
const err2 = {instancePath:instancePath+"/servers",schemaPath:"#/properties/servers/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.servers.anyOf[0],data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs4 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs6 = errors;
if(Array.isArray(data0)){
if(data0.length < 1){
const err3 = {instancePath:instancePath+"/servers",schemaPath:"#/properties/servers/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.servers.anyOf[1],data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
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
const err4 = {instancePath:instancePath+"/servers/" + i0,schemaPath:"#/properties/servers/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.servers.anyOf[1].items.type,parentSchema:schema11.properties.servers.anyOf[1].items,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data0 !== undefined){
data0[i0] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err5 = {instancePath:instancePath+"/servers/" + i0,schemaPath:"#/properties/servers/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.servers.anyOf[1].items,data:data1};
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
}
else {
const err6 = {instancePath:instancePath+"/servers",schemaPath:"#/properties/servers/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.servers.anyOf[1].type,parentSchema:schema11.properties.servers.anyOf[1],data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err7 = {instancePath:instancePath+"/servers",schemaPath:"#/properties/servers/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.servers.anyOf,parentSchema:schema11.properties.servers,data:data0};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs3;
if(vErrors !== null){
if(_errs3){
vErrors.length = _errs3;
}
else {
vErrors = null;
}
}
}
}
if(data.token !== undefined){
let data2 = data.token;
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
const err8 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.token.type,parentSchema:schema11.properties.token,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["token"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err9 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.token,data:data2};
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
if(data.user !== undefined){
let data3 = data.user;
if(typeof data3 !== "string"){
let dataType3 = typeof data3;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 == "number" || dataType3 == "boolean"){
coerced3 = "" + data3;
}
else if(data3 === null){
coerced3 = "";
}
else {
const err10 = {instancePath:instancePath+"/user",schemaPath:"#/properties/user/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.user.type,parentSchema:schema11.properties.user,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["user"] = coerced3;
}
}
}
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err11 = {instancePath:instancePath+"/user",schemaPath:"#/properties/user/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.user,data:data3};
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
if(data.password !== undefined){
let data4 = data.password;
if(typeof data4 !== "string"){
let dataType4 = typeof data4;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 == "number" || dataType4 == "boolean"){
coerced4 = "" + data4;
}
else if(data4 === null){
coerced4 = "";
}
else {
const err12 = {instancePath:instancePath+"/password",schemaPath:"#/properties/password/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.password.type,parentSchema:schema11.properties.password,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(coerced4 !== undefined){
data4 = coerced4;
if(data !== undefined){
data["password"] = coerced4;
}
}
}
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err13 = {instancePath:instancePath+"/password",schemaPath:"#/properties/password/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.password,data:data4};
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
if(data.credentialsFile !== undefined){
let data5 = data.credentialsFile;
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
const err14 = {instancePath:instancePath+"/credentialsFile",schemaPath:"#/properties/credentialsFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.credentialsFile.type,parentSchema:schema11.properties.credentialsFile,data:data5};
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
data5 = coerced5;
if(data !== undefined){
data["credentialsFile"] = coerced5;
}
}
}
if(typeof data5 === "string"){
if(func3(data5) < 1){
const err15 = {instancePath:instancePath+"/credentialsFile",schemaPath:"#/properties/credentialsFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.credentialsFile,data:data5};
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
if(data.maxMessageBytes !== undefined){
let data6 = data.maxMessageBytes;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
let dataType6 = typeof data6;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data6 === null
              || (dataType6 === "string" && data6 && data6 == +data6 && !(data6 % 1))){
coerced6 = +data6;
}
else {
const err16 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data6};
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
data["maxMessageBytes"] = coerced6;
}
}
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 67108864 || isNaN(data6)){
const err17 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 67108864},message:"must be <= 67108864",schema:67108864,parentSchema:schema11.properties.maxMessageBytes,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data6 < 1024 || isNaN(data6)){
const err18 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data6};
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
if(data.replicas !== undefined){
let data7 = data.replicas;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
let dataType7 = typeof data7;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 === "boolean" || data7 === null
              || (dataType7 === "string" && data7 && data7 == +data7 && !(data7 % 1))){
coerced7 = +data7;
}
else {
const err19 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.replicas.type,parentSchema:schema11.properties.replicas,data:data7};
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
data["replicas"] = coerced7;
}
}
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 5 || isNaN(data7)){
const err20 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/maximum",keyword:"maximum",params:{comparison: "<=", limit: 5},message:"must be <= 5",schema:5,parentSchema:schema11.properties.replicas,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err21 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.replicas,data:data7};
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
if(data.topicDuplicateWindowMs !== undefined){
let data8 = data.topicDuplicateWindowMs;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
let dataType8 = typeof data8;
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(dataType8 === "boolean" || data8 === null
              || (dataType8 === "string" && data8 && data8 == +data8 && !(data8 % 1))){
coerced8 = +data8;
}
else {
const err22 = {instancePath:instancePath+"/topicDuplicateWindowMs",schemaPath:"#/properties/topicDuplicateWindowMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.topicDuplicateWindowMs.type,parentSchema:schema11.properties.topicDuplicateWindowMs,data:data8};
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
data["topicDuplicateWindowMs"] = coerced8;
}
}
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 604800000 || isNaN(data8)){
const err23 = {instancePath:instancePath+"/topicDuplicateWindowMs",schemaPath:"#/properties/topicDuplicateWindowMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 604800000},message:"must be <= 604800000",schema:604800000,parentSchema:schema11.properties.topicDuplicateWindowMs,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data8 < 1000 || isNaN(data8)){
const err24 = {instancePath:instancePath+"/topicDuplicateWindowMs",schemaPath:"#/properties/topicDuplicateWindowMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1000},message:"must be >= 1000",schema:1000,parentSchema:schema11.properties.topicDuplicateWindowMs,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data.topicRetentionMs !== undefined){
let data9 = data.topicRetentionMs;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
let dataType9 = typeof data9;
let coerced9 = undefined;
if(!(coerced9 !== undefined)){
if(dataType9 === "boolean" || data9 === null
              || (dataType9 === "string" && data9 && data9 == +data9 && !(data9 % 1))){
coerced9 = +data9;
}
else {
const err25 = {instancePath:instancePath+"/topicRetentionMs",schemaPath:"#/properties/topicRetentionMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.topicRetentionMs.type,parentSchema:schema11.properties.topicRetentionMs,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(coerced9 !== undefined){
data9 = coerced9;
if(data !== undefined){
data["topicRetentionMs"] = coerced9;
}
}
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 31622400000 || isNaN(data9)){
const err26 = {instancePath:instancePath+"/topicRetentionMs",schemaPath:"#/properties/topicRetentionMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 31622400000},message:"must be <= 31622400000",schema:31622400000,parentSchema:schema11.properties.topicRetentionMs,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data9 < 60000 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/topicRetentionMs",schemaPath:"#/properties/topicRetentionMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 60000},message:"must be >= 60000",schema:60000,parentSchema:schema11.properties.topicRetentionMs,data:data9};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data.connectTimeoutMs !== undefined){
let data10 = data.connectTimeoutMs;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
let dataType10 = typeof data10;
let coerced10 = undefined;
if(!(coerced10 !== undefined)){
if(dataType10 === "boolean" || data10 === null
              || (dataType10 === "string" && data10 && data10 == +data10 && !(data10 % 1))){
coerced10 = +data10;
}
else {
const err28 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.connectTimeoutMs.type,parentSchema:schema11.properties.connectTimeoutMs,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(coerced10 !== undefined){
data10 = coerced10;
if(data !== undefined){
data["connectTimeoutMs"] = coerced10;
}
}
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 600000 || isNaN(data10)){
const err29 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.connectTimeoutMs,data:data10};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data10 < 100 || isNaN(data10)){
const err30 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.connectTimeoutMs,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"servers\":{\"description\":\"nats:// URL of a server, or a list of them (default nats://127.0.0.1:4222)\",\"anyOf\":[{\"minLength\":1,\"type\":\"string\"},{\"minItems\":1,\"type\":\"array\",\"items\":{\"minLength\":1,\"type\":\"string\"}}]},\"token\":{\"minLength\":1,\"description\":\"Authentication token (exclusive of user/password and credentialsFile)\",\"type\":\"string\"},\"user\":{\"minLength\":1,\"description\":\"User name; needs password\",\"type\":\"string\"},\"password\":{\"minLength\":1,\"description\":\"Password of user\",\"type\":\"string\"},\"credentialsFile\":{\"minLength\":1,\"description\":\"Path of a NATS .creds file (JWT and NKey seed)\",\"type\":\"string\"},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":67108864,\"description\":\"Largest body accepted (default 1048576, the server's default max_payload)\",\"type\":\"integer\"},\"replicas\":{\"minimum\":1,\"maximum\":5,\"description\":\"Replicas of the streams the driver creates (default 1)\",\"type\":\"integer\"},\"topicDuplicateWindowMs\":{\"minimum\":1000,\"maximum\":604800000,\"description\":\"Window within which a topic event's idempotency key suppresses a republish (default 120000)\",\"type\":\"integer\"},\"topicRetentionMs\":{\"minimum\":60000,\"maximum\":31622400000,\"description\":\"How long a topic keeps an event for subscriptions that have not taken it yet (default 604800000, 7 days)\",\"type\":\"integer\"},\"connectTimeoutMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How long connect waits for a server (default 5000)\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
